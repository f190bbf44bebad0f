using PatientIndex.Core.Store;

namespace PatientIndex.Core.Matching;

/// <summary>
/// The answer to one match-and-link: where the record now is, how sure, the candidates that explain
/// it, and the change to write (null when the record was re-sent unchanged: nothing to write).
/// </summary>
public sealed record LinkResult(
    RecordKey Record,
    string PersonId,
    LinkOutcome Outcome,
    double Probability,
    string? ReviewTaskId,
    IReadOnlyList<ExplainedCandidate> Candidates,
    MembershipChange? Change);
