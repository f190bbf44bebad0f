using PatientIndex.Ml.Training;

namespace PatientIndex.Ml.Tests;

public class ThresholdChooserTests
{
    private static ScoredExample Pair(double p, bool match, bool identity = true) => new(p, match, identity, false, "d");

    [Fact]
    public void the_link_threshold_is_the_lowest_probability_whose_links_reach_the_target_precision()
    {
        var pairs = Enumerable.Range(0, 99).Select(i => Pair(0.99 + i * 0.0001, true)).Append(Pair(0.9, false)).Append(Pair(0.8, true)).ToList();
        // 99 matches above 0.99; adding the 0.9 non-match drops precision to 0.99, below 0.995.
        Assert.Equal(0.99, ThresholdChooser.ForPrecision(pairs, 0.995), precision: 9);
        Assert.Equal(0.8, ThresholdChooser.ForPrecision(pairs, 0.98), precision: 9);
    }

    [Fact]
    public void pairs_without_identity_evidence_never_count_as_links()
    {
        var pairs = new[] { Pair(0.99, true), Pair(0.98, false, identity: false), Pair(0.5, true) };
        Assert.Equal(0.5, ThresholdChooser.ForPrecision(pairs, 0.999), precision: 9);
    }

    [Fact]
    public void the_review_threshold_keeps_the_target_share_of_matches()
    {
        var pairs = Enumerable.Range(1, 100).Select(i => Pair(i / 100.0, true)).Append(Pair(0.001, false)).ToList();
        Assert.Equal(0.11, ThresholdChooser.ForRecall(pairs, 0.9), precision: 9);
    }
}
