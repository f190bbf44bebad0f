using PatientIndex.Core.Records;

namespace PatientIndex.Core.Store;

/// <summary>A source record as the store keeps it: the raw fields as sent, and its link to a person.</summary>
public sealed record StoredRecord(SourceRecord Record, Link Link)
{
    public RecordKey Key => new(Record.Source, Record.RecordId);
}
