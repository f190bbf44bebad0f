using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Matching;

/// <summary>A record held by the candidate index: its normalised form, its current link and a fingerprint of its raw data.</summary>
public sealed class IndexedRecord(RecordKey key, NormalisedRecord normalised, Link link, ulong fingerprint)
{
    public RecordKey Key { get; } = key;
    public NormalisedRecord Normalised { get; } = normalised;
    /// <summary>Replaced as a whole (never mutated), so a reader always sees a consistent link.</summary>
    public Link Link { get; internal set; } = link;
    public ulong Fingerprint { get; } = fingerprint;
    public string PersonId => Link.PersonId;
}
