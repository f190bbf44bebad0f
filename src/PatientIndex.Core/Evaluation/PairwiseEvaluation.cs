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
        // Each record's two persons are looked up once: at a million records, lookups are the cost.
        var persons = new List<(string Predicted, string True)>(predicted.Count);
        foreach (var (key, person) in predicted)
            if (truth.TryGetValue(key, out var truePerson)) persons.Add((person, truePerson));
        var predictedPairs = Pairs(persons.CountBy(p => p.Predicted).Select(g => (long)g.Value));
        var truePairs = Pairs(persons.CountBy(p => p.True).Select(g => (long)g.Value));
        var agreed = Pairs(persons.CountBy(p => p).Select(g => (long)g.Value));

        var falseMerges = 0;
        var hardNegativeCount = 0;
        if (hardNegatives is not null)
        {
            var predictedPersonsOfTrue = persons.GroupBy(p => p.True)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Predicted).ToHashSet());
            foreach (var (a, b) in hardNegatives)
            {
                if (!predictedPersonsOfTrue.TryGetValue(a, out var pa) || !predictedPersonsOfTrue.TryGetValue(b, out var pb)) continue;
                hardNegativeCount++;
                if (pa.Overlaps(pb)) falseMerges++;
            }
        }
        return new PairwiseMetrics(persons.Count, predictedPairs, truePairs, agreed, hardNegativeCount, falseMerges);
    }

    private static long Pairs(IEnumerable<long> clusterSizes) => clusterSizes.Sum(n => n * (n - 1) / 2);
}

public sealed record PairwiseMetrics(int Records, long PredictedPairs, long TruePairs, long TruePositives, int HardNegativePairs, int HardNegativesMerged)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)TruePositives / PredictedPairs;
    public double Recall => TruePairs == 0 ? 1 : (double)TruePositives / TruePairs;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
