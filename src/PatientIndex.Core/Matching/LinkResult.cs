using PatientIndex.Core.Records;
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
    MembershipChange? Change)
{
    /// <summary>Fields that could not be used as sent (left out of matching), as bulk linkage writes them to warnings.csv.</summary>
    public IReadOnlyList<FieldProblem> Warnings { get; init; } = [];
}
