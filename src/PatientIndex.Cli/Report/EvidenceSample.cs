using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;

namespace PatientIndex.Cli.Report;

/// <summary>One bar of a waterfall: the running match weight before and after one piece of evidence, in bits.</summary>
public sealed record EvidenceStep(string Label, double From, double To)
{
    public double Contribution => To - From;
}

public enum SampleKind { Link, Review, Refusal }

/// <summary>
/// One decision told as evidence: where the pair starts (the prior, and whatever the scorer does not put on
/// a field), what each field added or took away, where it ends. The contributions are the engine's own, the
/// ones links.csv and a steward see.
/// </summary>
/// <param name="Left">The left record as source/record id; never a name.</param>
public sealed record EvidenceSample(SampleKind Kind, string Left, string Right, double Probability, string Why, IReadOnlyList<EvidenceStep> Steps)
{
    public double FinalWeight => Steps[^1].To;

    /// <param name="baseline">
    /// Where to start when the probability is too near 0 or 1 for its odds to say (a double of 1 has infinite odds):
    /// the run's prior. Otherwise the start is what the final weight holds beyond the fields' contributions.
    /// </param>
    public static EvidenceSample Of(SampleKind kind, ScoredPair pair, string left, string right, string why, double baseline)
    {
        var contributions = pair.Contributions.Span;
        double sum = 0;
        for (var c = 0; c < contributions.Length; c++) sum += contributions[c];
        var weight = MatchWeightHistogram.Weight(pair.Probability);
        var saturated = Math.Abs(weight) >= MatchWeightHistogram.HighestWeight;
        var start = saturated ? baseline : weight - sum;
        var steps = new List<EvidenceStep> { new("prior", 0, start) };
        var running = start;
        for (var c = 0; c < contributions.Length; c++)
        {
            if (contributions[c] == 0) continue;
            steps.Add(new EvidenceStep(ComparisonSchema.Comparisons[c].Name, running, running + contributions[c]));
            running += contributions[c];
        }
        steps.Add(new EvidenceStep("final", 0, running));
        return new EvidenceSample(kind, left, right, pair.Probability, why, steps);
    }

    /// <summary>Up to <paramref name="count"/> items spread evenly from the first to the last, both included.</summary>
    public static IEnumerable<T> Spread<T>(IReadOnlyList<T> items, int count)
    {
        if (items.Count <= count) return items;
        return Enumerable.Range(0, count).Select(i => items[(int)Math.Round((double)i * (items.Count - 1) / (count - 1))]);
    }
}
