namespace PatientIndex.Ml.Tests;

public class MatchPriorTests
{
    [Fact]
    public void a_run_with_fewer_matches_among_its_candidates_than_the_model_was_calibrated_at_lowers_every_probability_by_bayes_rule()
    {
        var shift = MatchPrior.Shift(reference: 0.5, runShare: 0.2);
        Assert.Equal(Math.Log(0.2 / 0.8), shift, 9);
        // Even odds (0.5) times the run's odds of 1:4 is 1:4, so 0.2.
        Assert.Equal(0.2, MatchPrior.Apply(0.5, shift), 9);
        // 0.99 is odds 99:1; a quarter of that is 24.75:1.
        Assert.Equal(24.75 / 25.75, MatchPrior.Apply(0.99, shift), 9);
    }

    [Fact]
    public void a_run_with_more_matches_among_its_candidates_never_raises_a_probability()
    {
        Assert.Equal(0, MatchPrior.Shift(reference: 0.3, runShare: 0.95));
        Assert.Equal(0.8, MatchPrior.Apply(0.8, MatchPrior.Shift(0.3, 0.95)));
    }

    [Fact]
    public void a_model_or_run_without_a_prior_leaves_probabilities_as_calibrated()
    {
        Assert.Equal(0, MatchPrior.Shift(reference: null, runShare: 0.1));
        Assert.Equal(0, MatchPrior.Shift(reference: 0.5, runShare: null));
    }
}
