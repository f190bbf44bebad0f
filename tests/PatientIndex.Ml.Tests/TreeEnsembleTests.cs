using Microsoft.ML;
using Microsoft.ML.Data;
using PatientIndex.Ml.Training;

namespace PatientIndex.Ml.Tests;

public class TreeEnsembleTests
{
    private static readonly TrainerOptions Small = new() { Trees = 30, Leaves = 8 };

    [Theory]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.FastTree)]
    public void walking_the_copied_trees_gives_the_raw_score_ml_net_gives(string trainer)
    {
        var pairs = Fixtures.NoisyPairs(2000, seed: 1);
        var fitted = MatchModelTrainer.Fit(trainer, pairs, Small);

        var rows = pairs.Take(200).Select(p => new MatchModelTrainer.Row { Features = p.Features }).ToList();
        var schema = SchemaDefinition.Create(typeof(MatchModelTrainer.Row));
        schema[nameof(MatchModelTrainer.Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, PairFeatures.Count);
        var scored = fitted.Transformer.Transform(fitted.Ml.Data.LoadFromEnumerable(rows, schema));
        var mlNetScores = scored.GetColumn<float>("Score").ToList();

        for (var i = 0; i < rows.Count; i++)
            Assert.Equal(mlNetScores[i], fitted.Trees.Margin(rows[i].Features), precision: 3);
    }

    [Fact]
    public void contributions_from_the_mean_add_up_to_the_score()
    {
        var pairs = Fixtures.NoisyPairs(2000, seed: 2);
        var trees = MatchModelTrainer.Fit(TrainerKind.LightGbm, pairs, Small).Trees;
        var perFeature = new float[PairFeatures.Count];
        foreach (var pair in pairs.Take(100))
        {
            var margin = trees.Explain(pair.Features, perFeature);
            Assert.Equal(margin, trees.Margin(pair.Features), precision: 4);
            Assert.Equal(margin, trees.ExpectedMargin + perFeature.Sum(), precision: 3);
        }
    }

    [Fact]
    public void an_ensemble_survives_its_json_form_unchanged()
    {
        var pairs = Fixtures.NoisyPairs(1000, seed: 3);
        var trees = MatchModelTrainer.Fit(TrainerKind.FastTree, pairs, Small).Trees;
        var copy = System.Text.Json.JsonSerializer.Deserialize<EnsembleData>(
            System.Text.Json.JsonSerializer.Serialize(EnsembleData.Of(trees), MatchModel.Json), MatchModel.Json)!.ToEnsemble();
        foreach (var pair in pairs.Take(100)) Assert.Equal(trees.Margin(pair.Features), copy.Margin(pair.Features));
    }

    [Fact]
    public void averaged_ensembles_score_the_mean_of_their_scores_and_explain_it_in_full()
    {
        var pairs = Fixtures.NoisyPairs(1000, seed: 3);
        var fits = new[] { 5, 6 }.Select(seed => MatchModelTrainer.Fit(TrainerKind.LightGbm, pairs, Small with { Seed = seed }).Trees).ToList();
        var averaged = TreeEnsemble.Average(fits);
        var contributions = new float[PairFeatures.Count];
        foreach (var pair in pairs.Take(100))
        {
            Assert.Equal((fits[0].Margin(pair.Features) + fits[1].Margin(pair.Features)) / 2, averaged.Margin(pair.Features), 4);
            var margin = averaged.Explain(pair.Features, contributions);
            Assert.Equal(margin, averaged.ExpectedMargin + contributions.Sum(), 3);
        }
    }
}
