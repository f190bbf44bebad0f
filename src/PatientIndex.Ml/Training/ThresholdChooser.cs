namespace PatientIndex.Ml.Training;

/// <summary>Chooses decision thresholds on scored held-out pairs.</summary>
public static class ThresholdChooser
{
    /// <summary>
    /// The lowest probability at which the pairs that would be linked (at or above it, and with identity
    /// evidence, as the decision policy requires) reach <paramref name="target"/> precision; 1 when none does.
    /// </summary>
    public static double ForPrecision(IReadOnlyList<ScoredExample> examples, double target)
    {
        var linkable = examples.Where(e => e.IdentityEvidence).OrderByDescending(e => e.Probability).ToList();
        double best = 1, tp = 0, fp = 0;
        for (var i = 0; i < linkable.Count; i++)
        {
            if (linkable[i].Match) tp++; else fp++;
            var endOfTie = i + 1 == linkable.Count || linkable[i + 1].Probability < linkable[i].Probability;
            if (endOfTie && tp / (tp + fp) >= target) best = linkable[i].Probability;
        }
        return best;
    }

    /// <summary>The highest probability that keeps at least <paramref name="target"/> of the true matches at or above it.</summary>
    public static double ForRecall(IReadOnlyList<ScoredExample> examples, double target)
    {
        var matches = examples.Where(e => e.Match).Select(e => e.Probability).OrderByDescending(p => p).ToList();
        if (matches.Count == 0) return 0;
        var keep = (int)Math.Ceiling(target * matches.Count);
        return matches[Math.Clamp(keep, 1, matches.Count) - 1];
    }
}

/// <summary>A held-out pair as a scorer saw it.</summary>
public readonly record struct ScoredExample(double Probability, bool Match, bool IdentityEvidence, bool HardNegative, string Dataset);
