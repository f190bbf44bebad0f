using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Linkage;

/// <summary>A compared pair with its probability, decision and the per-comparison contributions that explain it.</summary>
public sealed record ScoredPair(int Left, int Right, double Probability, Decision Decision, ComparisonVector Comparison, float[] Contributions)
{
    /// <summary>The comparisons that moved the score most, strongest first: (comparison name, bits).</summary>
    public IEnumerable<(string Name, float Bits)> TopContributions(int count) =>
        Contributions.Select((bits, c) => (ComparisonSchema.Comparisons[c].Name, bits))
            .Where(x => x.bits != 0)
            .OrderByDescending(x => Math.Abs(x.bits))
            .Take(count);
}
