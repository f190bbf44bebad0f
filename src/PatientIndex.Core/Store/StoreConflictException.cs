namespace PatientIndex.Core.Store;

/// <summary>
/// A change was decided on a view of the store that another writer has since changed (a replica moved a
/// record this change moves too): nothing was written, and the decision can be taken again.
/// </summary>
public sealed class StoreConflictException(string message) : Exception(message);
