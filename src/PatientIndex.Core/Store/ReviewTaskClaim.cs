namespace PatientIndex.Core.Store;

/// <summary>A steward's hold on a review task: shown as held to other stewards until it expires.</summary>
public sealed record ReviewTaskClaim(string TaskId, string Steward, DateTimeOffset Until);
