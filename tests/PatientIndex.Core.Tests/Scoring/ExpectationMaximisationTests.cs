using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Core.Tests.Scoring;

public class ExpectationMaximisationTests
{
    [Fact]
    public void em_separates_a_clear_mixture_of_matches_and_non_matches()
    {
        // 300 pairs agreeing on dob and family name, 700 disagreeing on both: EM should find ~30 % matches.
        var agree = Pattern((Comparison.Dob, 1), (Comparison.FamilyName, 1));
        var differ = Pattern((Comparison.Dob, 5), (Comparison.FamilyName, 5));
        var counts = new Dictionary<ulong, long> { [agree] = 300, [differ] = 700 };
        var uniformU = Enumerable.Range(0, ComparisonSchema.Count)
            .Select(c => Enumerable.Range(0, ComparisonSchema.LevelCount(c)).Select(_ => 1.0 / (ComparisonSchema.LevelCount(c) - 1)).ToArray()).ToArray();

        var result = ExpectationMaximisation.Train(counts, uniformU, new EmOptions());

        Assert.InRange(result.MatchProbability, 0.28, 0.32);
        var model = new FellegiSunterModel(result.MatchProbability, result.M, result.U, TermFrequencyAdjustment.None);
        Assert.True(model.Weight((int)Comparison.Dob, 1) > 0);
        Assert.True(model.Weight((int)Comparison.Dob, 5) < 0);
    }

    [Fact]
    public void the_model_explains_a_score_with_one_contribution_per_comparison()
    {
        var m = Enumerable.Range(0, ComparisonSchema.Count).Select(c => Enumerable.Repeat(0.5, ComparisonSchema.LevelCount(c)).ToArray()).ToArray();
        var u = Enumerable.Range(0, ComparisonSchema.Count).Select(c => Enumerable.Repeat(0.25, ComparisonSchema.LevelCount(c)).ToArray()).ToArray();
        var model = new FellegiSunterModel(0.5, m, u, TermFrequencyAdjustment.None);
        var vector = new ComparisonVector();
        vector.Levels[(int)Comparison.Dob] = 1;
        var contributions = new float[ComparisonSchema.Count];

        var probability = model.Score(vector, contributions);

        Assert.Equal(1f, contributions[(int)Comparison.Dob]);         // log2(0.5 / 0.25)
        Assert.Equal(0f, contributions[(int)Comparison.GivenName]);   // missing weighs nothing
        Assert.Equal(2.0 / 3.0, probability, 6);                      // prior odds 1 × 2 = 2 → p = 2/3
    }

    private static ulong Pattern(params (Comparison Comparison, byte Level)[] levels)
    {
        var v = new ComparisonVector();
        foreach (var (c, level) in levels) v.Levels[(int)c] = level;
        return v.Pattern;
    }
}
