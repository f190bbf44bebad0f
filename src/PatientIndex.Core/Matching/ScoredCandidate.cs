using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;

namespace PatientIndex.Core.Matching;

/// <summary>An indexed record compared with the query: its comparison levels, probability and decision.</summary>
/// <param name="Contributions">The explanation, when the candidate was scored in full; null for one dismissed by its bound.</param>
public sealed record ScoredCandidate(IndexedRecord Record, ComparisonVector Comparison, double Probability, Decision Decision, float[]? Contributions = null)
{
    public string PersonId => Record.PersonId;
}
