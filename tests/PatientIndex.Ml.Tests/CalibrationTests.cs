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
        var examples = Enumerable.Range(0, 1001).Select(i => new ScoredExample(i / 1000.0, i % 2 == 0, true, false, "d")).ToList();
        Assert.Equal(examples.Count, Reliability.Table(examples).Sum(b => b.Pairs));
    }
}
