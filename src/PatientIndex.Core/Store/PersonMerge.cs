namespace PatientIndex.Core.Store;

/// <summary>
/// A steward merged one person into another: the records that moved are kept so the merge can be
/// undone exactly, whatever happened to the surviving person since.
/// </summary>
public sealed record PersonMerge(
    string MergeId,
    DateTimeOffset At,
    string Actor,
    string Reason,
    string FromPersonId,
    string IntoPersonId,
    IReadOnlyList<RecordKey> Records,
    MergeUndo? Undone = null);
