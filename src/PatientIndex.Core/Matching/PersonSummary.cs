using PatientIndex.Core.Linkage;

namespace PatientIndex.Core.Matching;

/// <summary>
/// What the candidates say about one person: its strongest candidate record, the decision that
/// record earns, and why a link to this person is refused (a contradiction with one of its records).
/// </summary>
internal sealed record PersonSummary(string PersonId, ScoredCandidate Best, string? Refusal)
{
    public bool Linkable => Best.Decision == Decision.Link && Refusal is null;
    public bool Doubtful => Best.Decision == Decision.Review || (Best.Decision == Decision.Link && Refusal is not null);
}
