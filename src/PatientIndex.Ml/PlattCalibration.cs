namespace PatientIndex.Ml;

/// <summary>
/// Platt scaling: probability = 1 / (1 + e^-(A·margin + B)), with A and B fitted by maximum likelihood.
/// Smooth and hard to overfit, but one sigmoid cannot follow every shape of score.
/// </summary>
public sealed record PlattCalibration(double A, double B) : Calibration
{
    public override double Probability(double margin) => 1.0 / (1.0 + Math.Exp(-(A * margin + B)));

    /// <summary>
    /// Platt's Newton fit with step halving, on his smoothed targets so separable data cannot push A to
    /// infinity; each pair counts by its weight (all 1 when <paramref name="weights"/> is null).
    /// </summary>
    public static PlattCalibration Fit(IReadOnlyList<double> margins, IReadOnlyList<bool> labels, IReadOnlyList<double>? weights = null)
    {
        double Weight(int i) => weights?[i] ?? 1;
        double positives = 0, negatives = 0;
        for (var i = 0; i < labels.Count; i++) { if (labels[i]) positives += Weight(i); else negatives += Weight(i); }
        var hi = (positives + 1.0) / (positives + 2.0);
        var lo = 1.0 / (negatives + 2.0);
        double a = 1, b = 0;
        var loss = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double g1 = 0, g2 = 0, h11 = 1e-9, h22 = 1e-9, h21 = 0;
            for (var i = 0; i < margins.Count; i++)
            {
                var p = Sigmoid(a * margins[i] + b);
                var d = Weight(i) * (p - (labels[i] ? hi : lo));
                var w = Weight(i) * p * (1 - p);
                g1 += d * margins[i];
                g2 += d;
                h11 += w * margins[i] * margins[i];
                h22 += w;
                h21 += w * margins[i];
            }
            var det = h11 * h22 - h21 * h21;
            if (det <= 0) break;
            var da = (h22 * g1 - h21 * g2) / det;
            var db = (h11 * g2 - h21 * g1) / det;
            var step = 1.0;
            while (step > 1e-6 && Loss(a - step * da, b - step * db) > loss) step /= 2;
            if (step <= 1e-6) break;
            a -= step * da;
            b -= step * db;
            var newLoss = Loss(a, b);
            var converged = loss - newLoss < 1e-10 * Math.Max(1, Math.Abs(loss));
            loss = newLoss;
            if (converged) break;
        }
        return new PlattCalibration(a, b);

        double Loss(double a, double b)
        {
            var sum = 0.0;
            for (var i = 0; i < margins.Count; i++)
            {
                var z = a * margins[i] + b;
                var t = labels[i] ? hi : lo;
                // log(1 + e^z) - t·z, computed without overflow
                sum += Weight(i) * ((z > 0 ? z + double.LogP1(Math.Exp(-z)) : double.LogP1(Math.Exp(z))) - t * z);
            }
            return sum;
        }
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
}
