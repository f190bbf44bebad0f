namespace PatientIndex.Ml.Training;

/// <summary>
/// Predicted against observed match rates by probability band, on held-out pairs. The bands are
/// narrow near 0 and 1, where nearly all pairs and all the decisions are.
/// </summary>
public static class Reliability
{
    public static IReadOnlyList<double> Edges { get; } = [0, 0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999, 1.0000001];

    public static List<ReliabilityBin> Table(IReadOnlyList<ScoredExample> examples)
    {
        var bins = new List<ReliabilityBin>();
        for (var b = 0; b + 1 < Edges.Count; b++)
        {
            var inBin = examples.Where(e => e.Probability >= Edges[b] && e.Probability < Edges[b + 1]).ToList();
            if (inBin.Count == 0) { bins.Add(new ReliabilityBin(Edges[b], Math.Min(Edges[b + 1], 1), 0, 0, 0)); continue; }
            bins.Add(new ReliabilityBin(Edges[b], Math.Min(Edges[b + 1], 1), inBin.Count,
                inBin.Average(e => e.Probability), inBin.Count(e => e.Match) / (double)inBin.Count));
        }
        return bins;
    }

    /// <summary>Expected calibration error: the pair-weighted mean gap between predicted and observed.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<ReliabilityBin> bins)
    {
        var total = bins.Sum(b => b.Pairs);
        return total == 0 ? 0 : bins.Sum(b => b.Pairs * Math.Abs(b.MeanPredicted - b.Observed)) / total;
    }
}

public sealed record ReliabilityBin(double From, double To, int Pairs, double MeanPredicted, double Observed);
