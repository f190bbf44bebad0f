namespace PatientIndex.Core.Store;

/// <summary>
/// A page of the review queue. Filters left null do not filter. <see cref="Reason"/> matches part of
/// the reason text; <see cref="CreatedBefore"/> and <see cref="CreatedAfter"/> select by age.
/// </summary>
public sealed record ReviewTaskQuery
{
    public ReviewTaskStatus Status { get; init; } = ReviewTaskStatus.Open;
    public string? Source { get; init; }
    public string? Reason { get; init; }
    /// <summary>One of <see cref="Linkage.ReviewReason.Kinds"/>: the tasks whose reason is of that kind.</summary>
    public string? ReasonKind { get; init; }
    public double? MinProbability { get; init; }
    public double? MaxProbability { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    /// <summary>When set, leaves out the tasks another steward holds an unexpired claim on at <see cref="Now"/>: what this steward can take next.</summary>
    public string? AvailableTo { get; init; }
    /// <summary>The time claims are judged at (required with <see cref="AvailableTo"/>; defaults to UtcNow if null).</summary>
    public DateTimeOffset? Now { get; init; }
    public ReviewTaskOrder Order { get; init; } = ReviewTaskOrder.OldestFirst;
    public int Offset { get; init; }
    public int Limit { get; init; } = 50;
}
