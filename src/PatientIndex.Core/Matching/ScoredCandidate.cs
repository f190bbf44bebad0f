using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;

namespace PatientIndex.Core.Matching;

/// <summary>An indexed record compared with the query: its comparison levels, probability and decision.</summary>
public sealed record ScoredCandidate(IndexedRecord Record, ComparisonVector Comparison, double Probability, Decision Decision)
{
    public string PersonId => Record.PersonId;
}
