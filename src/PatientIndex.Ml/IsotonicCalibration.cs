namespace PatientIndex.Ml;

/// <summary>
/// Isotonic calibration: the non-decreasing step function of the margin that best fits the labels
/// (pool-adjacent-violators), read with straight lines between the centres of its steps. Follows any
/// monotone shape; each step's rate is smoothed by half a pair either way, so no margin maps to exactly 0 or 1.
/// </summary>
/// <param name="Margins">Centre of each step (mean margin of its pairs), increasing.</param>
/// <param name="Probabilities">Observed match rate of each step, increasing.</param>
public sealed record IsotonicCalibration(double[] Margins, double[] Probabilities) : Calibration
{
    public override double Probability(double margin)
    {
        var at = Array.BinarySearch(Margins, margin);
        if (at >= 0) return Probabilities[at];
        var right = ~at;
        if (right == 0) return Probabilities[0];
        if (right == Margins.Length) return Probabilities[^1];
        var left = right - 1;
        var t = (margin - Margins[left]) / (Margins[right] - Margins[left]);
        return Probabilities[left] + t * (Probabilities[right] - Probabilities[left]);
    }

    /// <summary>Each pair counts by its weight (all 1 when <paramref name="weights"/> is null).</summary>
    public static IsotonicCalibration Fit(IReadOnlyList<double> margins, IReadOnlyList<bool> labels, IReadOnlyList<double>? weights = null)
    {
        var order = Enumerable.Range(0, margins.Count).OrderBy(i => margins[i]).ToArray();
        var blocks = new List<(double MarginSum, double Matches, double Count)>();
        foreach (var i in order)
        {
            var weight = weights?[i] ?? 1;
            blocks.Add((weight * margins[i], labels[i] ? weight : 0, weight));
            while (blocks.Count > 1 && Rate(blocks[^2]) >= Rate(blocks[^1]))
            {
                var (m, y, n) = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (blocks[^1].MarginSum + m, blocks[^1].Matches + y, blocks[^1].Count + n);
            }
        }
        return new IsotonicCalibration(
            blocks.Select(b => b.MarginSum / b.Count).ToArray(),
            blocks.Select(b => (b.Matches + 0.5) / (b.Count + 1)).ToArray());

        static double Rate((double, double Matches, double Count) b) => b.Matches / b.Count;
    }
}
