using PatientIndex.Ml.Training;

namespace PatientIndex.Ml.Tests;

public class TrainingTests
{
    private static readonly TrainerOptions Small = new() { Trees = 40, Leaves = 8 };

    [Fact]
    public void training_twice_on_the_same_pairs_with_the_same_seed_gives_the_same_model_and_metrics()
    {
        var pairs = Fixtures.NoisyPairs(3000, seed: 4);
        var first = MatchModelTrainer.Train(pairs, "a", Small);
        var second = MatchModelTrainer.Train(pairs, "a", Small);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(first.Model, MatchModel.Json), System.Text.Json.JsonSerializer.Serialize(second.Model, MatchModel.Json));
        Assert.Equal(first.HeldOut, second.HeldOut);
        Assert.Equal(first.Reliability, second.Reliability);
    }

    [Fact]
    public void a_correction_of_fellegi_sunter_is_reproducible_and_left_in_each_runs_own_prior()
    {
        var pairs = Fixtures.NoisyPairs(3000, seed: 7);
        var options = Small with { Trainers = [TrainerKind.FsCorrection] };
        var first = MatchModelTrainer.Train(pairs, "a", options);
        var second = MatchModelTrainer.Train(pairs, "a", options);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(first.Model, MatchModel.Json), System.Text.Json.JsonSerializer.Serialize(second.Model, MatchModel.Json));
        Assert.True(first.Model.CorrectsFellegiSunter);
        Assert.Null(first.Model.ReferencePrior);
        Assert.Equal(new PlattCalibration(1, 0), first.Model.Calibration);
    }

    [Fact]
    public void the_trainer_that_ships_is_the_one_with_the_best_recall_at_the_target_precision()
    {
        var outcome = MatchModelTrainer.Train(Fixtures.NoisyPairs(3000, seed: 5), "a", Small);
        var best = outcome.Trainers.OrderByDescending(t => t.RecallAtTargetPrecision).ThenBy(t => t.LogLoss).First();
        Assert.Equal(best.Trainer, outcome.Model.Trainer);
        Assert.Equal(2, outcome.Trainers.Count);
    }

    [Fact]
    public void the_auto_link_threshold_is_never_below_the_minimum_link_probability()
    {
        var outcome = MatchModelTrainer.Train(Fixtures.NoisyPairs(3000, seed: 6), "a", Small with { MinimumLinkProbability = 0.995 });
        Assert.True(outcome.Model.Thresholds!.Link >= 0.995);
        Assert.True(outcome.Model.Thresholds.Review <= outcome.Model.Thresholds.Link);
    }

    [Fact]
    public void a_smaller_dataset_weighs_more_per_pair_up_to_the_cap()
    {
        var pairs = Enumerable.Range(0, 400).Select(i => Pair("large", i % 2 == 0)).Concat(Enumerable.Range(0, 100).Select(i => Pair("small", i % 2 == 0))).ToList();
        var weights = MatchModelTrainer.BalancingWeights(pairs, maxSizeWeight: 8);
        Assert.Equal(2 * weights[0], weights[^1], precision: 5);
        Assert.Equal(1.5f * weights[0], MatchModelTrainer.BalancingWeights(pairs, maxSizeWeight: 1.5)[^1], precision: 5);
    }

    private static LabelledPair Pair(string dataset, bool match, bool hard = false) => new(new float[PairFeatures.Count], match, Split.Train, dataset, hard, 0.5, 0.5);

    [Fact]
    public void hard_negatives_weigh_more_than_other_non_matches_by_the_chosen_factor()
    {
        var pairs = new List<LabelledPair> { Pair("d", true), Pair("d", false), Pair("d", false, hard: true) };
        var weights = MatchModelTrainer.BalancingWeights(pairs, maxSizeWeight: 8, hardNegativeWeight: 10);
        Assert.Equal(10 * weights[1], weights[2], precision: 5);
    }

    [Fact]
    public void datasets_with_different_match_rates_weigh_the_same_share_of_matches()
    {
        var pairs = new List<LabelledPair>();
        for (var i = 0; i < 100; i++) pairs.Add(Pair("mostly-matches", i < 90));
        for (var i = 0; i < 100; i++) pairs.Add(Pair("mostly-not", i < 10));
        var weights = MatchModelTrainer.BalancingWeights(pairs, maxSizeWeight: 8);

        double MatchShare(string dataset) =>
            pairs.Select((p, i) => (p, w: weights[i])).Where(x => x.p.Dataset == dataset).Sum(x => x.p.Match ? x.w : 0)
            / pairs.Select((p, i) => (p, w: weights[i])).Where(x => x.p.Dataset == dataset).Sum(x => x.w);
        Assert.Equal(0.5, MatchShare("mostly-matches"), precision: 6);
        Assert.Equal(0.5, MatchShare("mostly-not"), precision: 6);

        Assert.Equal(weights[0], weights[1]);
    }
}
