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
        return Evaluate(persons, hardNegatives);
    }

    /// <param name="persons">Each record's predicted and true person (records absent from the truth left out).</param>
    /// <param name="hardNegatives">Pairs of true persons that must never be merged (twins, parent/child namesakes).</param>
    public static PairwiseMetrics Evaluate<TPredicted>(
        IReadOnlyList<(TPredicted Predicted, string True)> persons,
        IEnumerable<(string PersonA, string PersonB)>? hardNegatives = null) where TPredicted : notnull
    {
        var predictedPairs = Pairs(persons.CountBy(p => p.Predicted).Select(g => (long)g.Value));
        var truePairs = Pairs(persons.CountBy(p => p.True).Select(g => (long)g.Value));
        var agreed = Pairs(persons.CountBy(p => p).Select(g => (long)g.Value));
        var (hardNegativeCount, falseMerges) = hardNegatives is null ? (0, 0) : HardNegativesMerged(persons, [.. hardNegatives]);
        return new PairwiseMetrics(persons.Count, predictedPairs, truePairs, agreed, hardNegativeCount, falseMerges);
    }

    /// <summary>How many of the pairs of true persons have records of both, and how many of those were put in one person.</summary>
    private static (int Pairs, int Merged) HardNegativesMerged<TPredicted>(
        IReadOnlyList<(TPredicted Predicted, string True)> persons, List<(string PersonA, string PersonB)> hardNegatives) where TPredicted : notnull
    {
        // Only the persons the pairs name are grouped: a set per true person of a million records is most of the memory.
        var named = hardNegatives.SelectMany(p => new[] { p.PersonA, p.PersonB }).ToHashSet();
        var predictedPersonsOfTrue = persons.Where(p => named.Contains(p.True)).GroupBy(p => p.True)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Predicted).ToHashSet());
        int pairs = 0, merged = 0;
        foreach (var (a, b) in hardNegatives)
        {
            if (!predictedPersonsOfTrue.TryGetValue(a, out var pa) || !predictedPersonsOfTrue.TryGetValue(b, out var pb)) continue;
            pairs++;
            if (pa.Overlaps(pb)) merged++;
        }
        return (pairs, merged);
    }

    private static long Pairs(IEnumerable<long> clusterSizes) => clusterSizes.Sum(n => n * (n - 1) / 2);
}

public sealed record PairwiseMetrics(int Records, long PredictedPairs, long TruePairs, long TruePositives, int HardNegativePairs, int HardNegativesMerged)
{
    public double Precision => PredictedPairs == 0 ? 1 : (double)TruePositives / PredictedPairs;
    public double Recall => TruePairs == 0 ? 1 : (double)TruePositives / TruePairs;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
