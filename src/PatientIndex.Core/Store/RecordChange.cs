namespace PatientIndex.Core.Store;

/// <summary>An entry of the change sequence: a record saved or removed, and what the store holds for it now (null: removed).</summary>
public sealed record RecordChange(long Sequence, RecordKey Key, StoredRecord? Current);
