namespace PatientIndex.Core.Evaluation;

/// <summary>
/// Pairwise precision, recall and F1 of a clustering against the truth: every pair of records put
/// in one person is a predicted link, every pair of records of one true person a true link. This is
/// how Splink and the FEBRL literature report, so figures compare.
/// </summary>
public static class PairwiseEvaluation
{
    /// <param name="predicted">Predicted person per record key.</param>
    /// <param name="truth">True person per record key. Records absent from either side are left out.</param>
    /// <param name="hardNegatives">Pairs of true persons that must never be merged (twins, parent/child namesakes).</param>
    public static PairwiseMetrics Evaluate<TKey>(
        IReadOnlyDictionary<TKey, string> predicted,
        IReadOnlyDictionary<TKey, string> truth,
        IEnumerable<(string PersonA, string PersonB)>? hardNegatives = null) where TKey : notnull
    {
        var keys = predicted.Keys.Where(truth.ContainsKey).ToList();
        var predictedPairs = Pairs(keys.GroupBy(k => predicted[k]).Select(g => (long)g.Count()));
        var truePairs = Pairs(keys.GroupBy(k => truth[k]).Select(g => (long)g.Count()));
        var agreed = Pairs(keys.GroupBy(k => (predicted[k], truth[k])).Select(g => (long)g.Count()));

        var falseMerges = 0;
        var hardNegativeCount = 0;
        if (hardNegatives is not null)
        {
            var predictedPersonsOfTrue = keys.GroupBy(k => truth[k])
                .ToDictionary(g => g.Key, g => g.Select(k => predicted[k]).ToHashSet());
            foreach (var (a, b) in hardNegatives)
            {
                if (!predictedPersonsOfTrue.TryGetValue(a, out var pa) || !predictedPersonsOfTrue.TryGetValue(b, out var pb)) continue;
                hardNegativeCount++;
                if (pa.Overlaps(pb)) falseMerges++;
            }
        }
        return new PairwiseMetrics(keys.Count, predictedPairs, truePairs, agreed, hardNegativeCount, falseMerges);
    }

    private static long Pairs(IEnumerable<long> clusterSizes) => clusterSizes.Sum(n => n * (n - 1) / 2);
}

public sealed record PairwiseMetrics(int Records, long PredictedPairs, long TruePairs, long TruePositives, int HardNegativePairs, int HardNegativesMerged)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)TruePositives / PredictedPairs;
    public double Recall => TruePairs == 0 ? 1 : (double)TruePositives / TruePairs;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
