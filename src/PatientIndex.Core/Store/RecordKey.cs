namespace PatientIndex.Core.Store;

/// <summary>The identity of a source record: the system it came from and that system's own id.</summary>
public readonly record struct RecordKey(string Source, string RecordId)
{
    public override string ToString() => $"{Source}/{RecordId}";
}
