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

    [Fact]
    public void learning_by_blocking_rule_puts_the_prior_over_all_pairs_and_ignores_what_a_rule_forced_to_agree()
    {
        // 1,000 records: 499,500 pairs. Blocking on birth date found 300 matches (names agree) and
        // 700 strangers born the same day (names differ). By chance, names agree rarely; birth dates very rarely.
        var match = Pattern((Comparison.Dob, 1), (Comparison.FamilyName, 1), (Comparison.GivenName, 1));
        var stranger = Pattern((Comparison.Dob, 1), (Comparison.FamilyName, 5), (Comparison.GivenName, 8));
        var candidates = new Dictionary<ulong, long> { [match] = 300, [stranger] = 700 };
        var dobMask = ~(0xFUL << (4 * (int)Comparison.Dob));
        var session = new EmSession("dob", candidates.ToDictionary(p => p.Key & dobMask, p => p.Value));
        var u = RandomPairU();

        var result = ExpectationMaximisation.TrainBySession([session], candidates, u, allPairs: 499_500, new EmOptions());

        Assert.InRange(result.MatchProbability, 300 * 0.95 / 499_500, 300 * 1.05 / 499_500);
        Assert.Equal(0.3, result.Sessions[0].MatchProbability, 2);
        Assert.Equal(u[(int)Comparison.Dob], result.U[(int)Comparison.Dob]);   // u is never re-estimated
        var model = new FellegiSunterModel(result.MatchProbability, result.M, result.U, TermFrequencyAdjustment.None);
        Assert.True(model.Score(VectorOf(match), []) > 0.99);
        Assert.True(model.Score(VectorOf(stranger), []) < 0.01);
    }

    private static double[][] RandomPairU() =>
        Enumerable.Range(0, ComparisonSchema.Count).Select(c =>
        {
            var levels = ComparisonSchema.LevelCount(c);
            var u = new double[levels];
            for (var level = 1; level < levels; level++) u[level] = level == levels - 1 ? 0.0 : 0.001;
            u[levels - 1] = 1 - 0.001 * (levels - 2);
            return u;
        }).ToArray();

    private static ComparisonVector VectorOf(ulong pattern)
    {
        var v = new ComparisonVector();
        for (var c = 0; c < ComparisonSchema.Count; c++) v.Levels[c] = ComparisonVector.LevelOf(pattern, c);
        return v;
    }

    private static ulong Pattern(params (Comparison Comparison, byte Level)[] levels)
    {
        var v = new ComparisonVector();
        foreach (var (c, level) in levels) v.Levels[(int)c] = level;
        return v.Pattern;
    }
}
