using PatientIndex.Ml.Training;

namespace PatientIndex.Ml.Tests;

public class CalibrationTests
{
    /// <summary>What "calibrated" means here: on pairs that chose nothing, predicted and observed match rates differ by at most this, pair-weighted.</summary>
    private const double Tolerance = 0.02;

    [Fact]
    public void platt_scaling_recovers_the_slope_and_intercept_that_made_the_labels()
    {
        var random = new Random(7);
        var margins = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < 20000; i++)
        {
            var margin = random.NextDouble() * 12 - 6;
            margins.Add(margin);
            labels.Add(random.NextDouble() < 1 / (1 + Math.Exp(-(0.7 * margin - 1))));
        }
        var platt = PlattCalibration.Fit(margins, labels);
        Assert.Equal(0.7, platt.A, 0.05);
        Assert.Equal(-1, platt.B, 0.1);
    }

    [Fact]
    public void a_pair_of_weight_two_counts_as_two_pairs_in_platt_and_isotonic_fits()
    {
        var random = new Random(3);
        var margins = Enumerable.Range(0, 2000).Select(_ => random.NextDouble() * 8 - 4).ToList();
        var labels = margins.Select(m => random.NextDouble() < 1 / (1 + Math.Exp(-m))).ToList();
        var weights = margins.Select((_, i) => i % 3 == 0 ? 2.0 : 1.0).ToList();
        var doubled = Enumerable.Range(0, margins.Count).SelectMany(i => Enumerable.Repeat(i, (int)weights[i])).ToList();

        var weighted = PlattCalibration.Fit(margins, labels, weights);
        var repeated = PlattCalibration.Fit([.. doubled.Select(i => margins[i])], [.. doubled.Select(i => labels[i])]);
        Assert.Equal(repeated.A, weighted.A, 6);
        Assert.Equal(repeated.B, weighted.B, 6);

        var isotonicWeighted = IsotonicCalibration.Fit(margins, labels, weights);
        var isotonicRepeated = IsotonicCalibration.Fit([.. doubled.Select(i => margins[i])], [.. doubled.Select(i => labels[i])]);
        foreach (var m in new[] { -3.0, -1.0, 0.0, 1.5, 3.0 })
            Assert.Equal(isotonicRepeated.Probability(m), isotonicWeighted.Probability(m), 9);
    }

    [Fact]
    public void held_out_predicted_and_observed_match_rates_agree_within_the_tolerance()
    {
        var outcome = MatchModelTrainer.Train(Fixtures.NoisyPairs(6000, seed: 8), "a", new TrainerOptions { Trees = 40, Leaves = 8 });
        var error = Reliability.ExpectedCalibrationError(outcome.Reliability);
        Assert.True(error <= Tolerance, $"expected calibration error {error:0.0000}");
        foreach (var bin in outcome.Reliability.Where(b => b.Pairs >= 200))
            Assert.True(Math.Abs(bin.MeanPredicted - bin.Observed) <= 0.1, $"[{bin.From}, {bin.To}): predicted {bin.MeanPredicted:0.000} observed {bin.Observed:0.000}");
    }

    [Fact]
    public void reliability_bins_cover_every_pair_once()
    {
        var examples = Enumerable.Range(0, 1001).Select(i => new ScoredExample(i / 1000.0, i % 2 == 0, false, "d")).ToList();
        Assert.Equal(examples.Count, Reliability.Table(examples).Sum(b => b.Pairs));
    }
}
