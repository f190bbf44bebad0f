using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Linkage;

/// <summary>A compared pair with its probability, decision and the per-comparison contributions that explain it.</summary>
/// <param name="Contributions">One per comparison, in <see cref="ComparisonSchema"/> order. A run's pairs share one
/// array, so explaining a million links allocates once, not a million times.</param>
public readonly record struct ScoredPair(int Left, int Right, double Probability, Decision Decision, ComparisonVector Comparison, ReadOnlyMemory<float> Contributions)
{
    /// <summary>
    /// Fills <paramref name="comparisons"/> with the comparisons that moved the score most, strongest
    /// first (ties in comparison order), and returns how many there were; comparisons that moved nothing are left out.
    /// </summary>
    public int TopContributionsInto(Span<int> comparisons)
    {
        var found = 0;
        if (comparisons.IsEmpty) return 0;
        var contributions = Contributions.Span;
        for (var c = 0; c < contributions.Length; c++)
        {
            var strength = Math.Abs(contributions[c]);
            if (strength == 0) continue;
            if (found == comparisons.Length && Math.Abs(contributions[comparisons[found - 1]]) >= strength) continue;
            var at = found < comparisons.Length ? found++ : found - 1;
            for (; at > 0 && Math.Abs(contributions[comparisons[at - 1]]) < strength; at--) comparisons[at] = comparisons[at - 1];
            comparisons[at] = c;
        }
        return found;
    }
}
