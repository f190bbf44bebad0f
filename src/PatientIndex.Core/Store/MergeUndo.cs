namespace PatientIndex.Core.Store;

/// <summary>When and by whom a merge was undone.</summary>
public sealed record MergeUndo(string MergeId, DateTimeOffset At, string Actor);
