namespace PatientIndex.Core.Store;

/// <summary>
/// A steward's answer to a review task: <see cref="ReviewTaskStatus.Resolved"/> with the verdict, or
/// <see cref="ReviewTaskStatus.Deferred"/> (Verdict null) to come back to it later.
/// </summary>
public sealed record ReviewTaskResolution(string TaskId, ReviewTaskStatus Status, StewardVerdict? Verdict, string Actor, DateTimeOffset At, string Reason);
