using PatientIndex.Core.Blocking;
using PatientIndex.Core.Clustering;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Core.Linkage;

/// <param name="PersonOf">Person number of each record, by record index.</param>
/// <param name="Links">Pairs decided Link or Review, with explanations, strongest first (<see cref="StrongestFirst"/>).</param>
/// <param name="EmSessions">How EM learnt the model: one session per blocking rule that looks for the same person.</param>
/// <param name="ReviewPairs">What a steward should look at: one question for each two persons that Review pairs or refused links join, strongest first.</param>
public sealed record LinkageResult(
    int[] PersonOf,
    IReadOnlyList<ScoredPair> Links,
    IReadOnlyList<ReviewItem> ReviewPairs,
    BlockingSummary Blocking,
    FellegiSunterModel? LearntModel,
    IReadOnlyList<EmSessionReport> EmSessions,
    string ScorerName,
    IReadOnlyDictionary<Decision, long> DecisionCounts,
    IReadOnlyDictionary<string, double> StageSeconds,
    CandidatePair[] CandidatePairs)
{
    public int Persons => PersonOf.Length == 0 ? 0 : PersonOf.Max() + 1;

    /// <summary>Every candidate pair's match weight, binned; empty when the run had no pairs.</summary>
    public MatchWeightHistogram Weights { get; init; } = new(new long[MatchWeightHistogram.Bins]);

    /// <summary>Every candidate pair's probability, in the order of <see cref="CandidatePairs"/> (the upper bound for a pair dismissed by it).</summary>
    public double[] Probabilities { get; init; } = [];
}

/// <param name="Pair">The strongest pair between the two persons; it asks the question.</param>
public sealed record ReviewItem(ScoredPair Pair, string Reason)
{
    /// <summary>How many pairs between the same two persons (this one included) the question answers for.</summary>
    public int Pairs { get; init; } = 1;
}
