namespace PatientIndex.Core.Store;

/// <summary>A create found its record already held: nothing was written. The record is updated, not created again.</summary>
public sealed class RecordExistsException(RecordKey key) : Exception($"{key} already exists")
{
    public RecordKey Key { get; } = key;
}
