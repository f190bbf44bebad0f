namespace PatientIndex.Core.Store;

/// <summary>
/// An uncertain decision waiting for a data steward: the record, the person it was put in, and the
/// persons it might belong to instead.
/// </summary>
public sealed record ReviewTask(
    string TaskId,
    DateTimeOffset CreatedAt,
    RecordKey Record,
    string PersonId,
    string Reason,
    double Probability,
    IReadOnlyList<ReviewCandidate> Candidates,
    ReviewTaskStatus Status = ReviewTaskStatus.Open,
    ReviewTaskResolution? Resolution = null);

/// <summary>A record of another person that the reviewed record may be the same person as.</summary>
public sealed record ReviewCandidate(RecordKey Record, string PersonId, double Probability);

public enum ReviewTaskStatus
{
    Open,
    Resolved,
    /// <summary>Put aside by a steward; still to be decided.</summary>
    Deferred,
}
