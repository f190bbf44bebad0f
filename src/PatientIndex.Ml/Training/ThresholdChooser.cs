namespace PatientIndex.Ml.Training;

/// <summary>Chooses decision thresholds on scored held-out pairs.</summary>
public static class ThresholdChooser
{
    /// <summary>
    /// The lowest probability at which the pairs that would be linked (at or above it) reach
    /// <paramref name="target"/> precision; 1 when none does.
    /// </summary>
    public static double ForPrecision(IReadOnlyList<ScoredExample> examples, double target)
    {
        var linkable = examples.OrderByDescending(e => e.Probability).ToList();
        double best = 1, tp = 0, fp = 0;
        for (var i = 0; i < linkable.Count; i++)
        {
            if (linkable[i].Match) tp++; else fp++;
            var endOfTie = i + 1 == linkable.Count || linkable[i + 1].Probability < linkable[i].Probability;
            if (endOfTie && tp / (tp + fp) >= target) best = linkable[i].Probability;
        }
        return best;
    }

    /// <summary>
    /// The lowest probability at which the pairs between it and the auto-link threshold are still at least
    /// <paramref name="targetShare"/> true matches: the band where the model is unsure, and no wider. Below
    /// it a pair is far more often two people than one, and a steward's time is better spent elsewhere.
    /// Never below <paramref name="floor"/>; the link threshold when no band reaches the share.
    /// </summary>
    public static double ForReviewShare(IReadOnlyList<ScoredExample> examples, double link, double targetShare, double floor)
    {
        var band = examples.Where(e => e.Probability < link).OrderByDescending(e => e.Probability).ToList();
        double best = link, matches = 0;
        for (var i = 0; i < band.Count && band[i].Probability >= floor; i++)
        {
            if (band[i].Match) matches++;
            var endOfTie = i + 1 == band.Count || band[i + 1].Probability < band[i].Probability;
            if (endOfTie && matches / (i + 1) >= targetShare) best = band[i].Probability;
        }
        return Math.Max(best, floor);
    }
}

/// <summary>A held-out pair as a scorer saw it.</summary>
public readonly record struct ScoredExample(double Probability, bool Match, bool HardNegative, string Dataset);
