using PatientIndex.Core.Linkage;

namespace PatientIndex.Cli.Report;

/// <param name="Weight">The link threshold as a match weight, in bits.</param>
/// <param name="Links">Scored pairs at or above it.</param>
/// <param name="Review">Scored pairs between the review threshold and it: a steward's load.</param>
public sealed record ThresholdPoint(double Weight, double Precision, double Recall, long Links, long Review);

/// <summary>
/// What the link threshold would give were it set elsewhere, read off this run's scored pairs and a truth
/// file: pairwise precision and recall of the pairs at or above it (before persons are built, so a pair
/// linked only through a third record counts as missed), and how many pairs would wait for a steward.
/// The engine keeps the scores of pairs that reach review only, so the sweep starts at the review threshold.
/// </summary>
public static class ThresholdSweep
{
    public static IReadOnlyList<ThresholdPoint> Of(IReadOnlyList<ScoredPair> scored, IReadOnlyList<string?> truthOf, double reviewThreshold, int points = 121)
    {
        var truePairs = truthOf.Where(t => t is not null).CountBy(t => t!).Sum(g => (long)g.Value * (g.Value - 1) / 2);
        var pairs = scored
            .Select(p => (Weight: MatchWeightHistogram.Weight(p.Probability), Match: truthOf[p.Left] is { } a && a == truthOf[p.Right]))
            .OrderByDescending(p => p.Weight).ToArray();
        var low = MatchWeightHistogram.Weight(reviewThreshold);
        var high = Math.Max(low, pairs.Length == 0 ? low : pairs[0].Weight);
        var sweep = new ThresholdPoint[points];
        long links = 0, matches = 0;
        for (var k = 0; k < points; k++)
        {
            var threshold = high - (high - low) * k / (points - 1);
            for (; links < pairs.Length && pairs[links].Weight >= threshold; links++)
                if (pairs[links].Match) matches++;
            sweep[points - 1 - k] = new ThresholdPoint(threshold,
                links == 0 ? 1 : (double)matches / links, truePairs == 0 ? 1 : (double)matches / truePairs, links, pairs.Length - links);
        }
        return sweep;
    }
}
