namespace PatientIndex.Ml.Training;

/// <summary>
/// Platt or isotonic: each is fitted on one half of the calibration split and scored (weighted log loss)
/// on the other, both ways round; isotonic is refitted on the whole split only where it predicts unseen pairs
/// clearly better (<see cref="IsotonicMargin"/>). Its steps give whole runs of pairs one probability, so a
/// threshold falling just above a step sends every pair on it one way; Platt's curve orders them as the trees do.
/// </summary>
public static class CalibrationChooser
{
    public static (Calibration Chosen, IReadOnlyList<CalibrationComparison> Comparisons) Choose(
        IReadOnlyList<double> margins, IReadOnlyList<bool> labels, IReadOnlyList<double> weights)
    {
        var platt = CrossFittedLogLoss(margins, labels, weights, PlattCalibration.Fit);
        var isotonic = CrossFittedLogLoss(margins, labels, weights, IsotonicCalibration.Fit);
        Calibration chosen = isotonic < platt * (1 - IsotonicMargin) ? IsotonicCalibration.Fit(margins, labels, weights) : PlattCalibration.Fit(margins, labels, weights);
        return (chosen, [new("platt", platt), new("isotonic", isotonic)]);
    }

    /// <summary>How much lower (as a share) isotonic's cross-fitted log loss must be for its steps to be worth it.</summary>
    public const double IsotonicMargin = 0.01;

    private static double CrossFittedLogLoss(IReadOnlyList<double> margins, IReadOnlyList<bool> labels, IReadOnlyList<double> weights,
        Func<IReadOnlyList<double>, IReadOnlyList<bool>, IReadOnlyList<double>, Calibration> fit)
    {
        double loss = 0, total = 0;
        for (var fold = 0; fold < 2; fold++)
        {
            var inFold = Enumerable.Range(0, margins.Count).Where(i => i % 2 == fold).ToList();
            var calibration = fit([.. inFold.Select(i => margins[i])], [.. inFold.Select(i => labels[i])], [.. inFold.Select(i => weights[i])]);
            foreach (var i in Enumerable.Range(0, margins.Count).Where(i => i % 2 != fold))
            {
                var p = Math.Clamp(calibration.Probability(margins[i]), 1e-9, 1 - 1e-9);
                loss -= weights[i] * Math.Log(labels[i] ? p : 1 - p);
                total += weights[i];
            }
        }
        return loss / total;
    }
}

/// <summary>How one calibration did on the half of the calibration split it was not fitted on.</summary>
public sealed record CalibrationComparison(string Kind, double CrossFittedLogLoss);
