namespace PatientIndex.Core.Store;

/// <summary>One page of review tasks and how many match the query in all.</summary>
public sealed record ReviewTaskPage(IReadOnlyList<ReviewTask> Tasks, long Total);
