using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Core.Tests.Scoring;

public class FellegiSunterParametersTests
{
    [Fact]
    public void a_saved_model_reads_back_with_the_same_weights()
    {
        var model = Model();

        var read = FellegiSunterParameters.FromJson(FellegiSunterParameters.ToJson(model));

        Assert.Equal(model.MatchProbability, read.MatchProbability);
        Assert.Equal(model.TermFrequency, read.TermFrequency);
        for (var c = 0; c < ComparisonSchema.Count; c++)
            for (var level = 1; level < ComparisonSchema.LevelCount(c); level++)
                Assert.Equal(model.Weight(c, level), read.Weight(c, level));
    }

    [Fact]
    public void a_saved_model_keeps_the_share_of_its_candidates_the_run_expected_to_match_and_one_saved_without_it_reads_as_none()
    {
        var learnt = new FellegiSunterModel(0.02, Model().M, Model().U, Model().TermFrequency) { CandidateMatchShare = 0.31 };

        Assert.Equal(0.31, FellegiSunterParameters.FromJson(FellegiSunterParameters.ToJson(learnt)).CandidateMatchShare);
        Assert.Null(FellegiSunterParameters.FromJson(FellegiSunterParameters.ToJson(Model())).CandidateMatchShare);
    }

    [Fact]
    public void every_problem_in_a_model_is_reported_at_once()
    {
        var json = FellegiSunterParameters.ToJson(Model())
            .Replace("\"format\": \"patientindex.fellegi-sunter/1\"", "\"format\": \"other\"")
            .Replace("\"name\": \"email\"", "\"name\": \"e_mail\"");

        var error = Assert.Throws<ModelFormatException>(() => FellegiSunterParameters.FromJson(json));

        Assert.Contains(error.Problems, p => p.StartsWith("format must be", StringComparison.Ordinal));
        Assert.Contains("comparison email is missing", error.Problems);
        Assert.Contains("unknown comparison e_mail", error.Problems);
    }

    [Fact]
    public void text_that_is_not_json_is_a_model_format_error()
    {
        Assert.Throws<ModelFormatException>(() => FellegiSunterParameters.FromJson("{ not json"));
    }

    private static FellegiSunterModel Model()
    {
        var m = new double[ComparisonSchema.Count][];
        var u = new double[ComparisonSchema.Count][];
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            var levels = ComparisonSchema.LevelCount(c);
            m[c] = Enumerable.Range(0, levels).Select(l => l == 0 ? 0 : 0.9 / l).ToArray();
            u[c] = Enumerable.Range(0, levels).Select(l => l == 0 ? 0 : 0.01 * l).ToArray();
        }
        return new FellegiSunterModel(0.02, m, u, new TermFrequencyAdjustment(0.001, 0.0004));
    }
}
