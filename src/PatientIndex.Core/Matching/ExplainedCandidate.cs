using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Matching;

/// <summary>A candidate as the caller sees it: which record of which person, how likely, and the evidence per field.</summary>
public sealed record ExplainedCandidate(RecordKey Record, string PersonId, double Probability, ComparisonVector Comparison, float[] Contributions);
