using PatientIndex.Ml.Training;

namespace PatientIndex.Ml.Tests;

public class ThresholdChooserTests
{
    private static ScoredExample Pair(double p, bool match) => new(p, match, false, "d");

    [Fact]
    public void the_link_threshold_is_the_lowest_probability_whose_links_reach_the_target_precision()
    {
        var pairs = Enumerable.Range(0, 99).Select(i => Pair(0.99 + i * 0.0001, true)).Append(Pair(0.9, false)).Append(Pair(0.8, true)).ToList();
        // 99 matches above 0.99; adding the 0.9 non-match drops precision to 0.99, below 0.995.
        Assert.Equal(0.99, ThresholdChooser.ForPrecision(pairs, 0.995), precision: 9);
        Assert.Equal(0.8, ThresholdChooser.ForPrecision(pairs, 0.98), precision: 9);
    }

    [Fact]
    public void the_review_band_reaches_down_while_half_of_its_pairs_are_true_matches()
    {
        // Below the link threshold (0.9): 0.8 true, 0.7 false, 0.6 true, 0.5 false, 0.4 false, 0.3 false.
        var pairs = new[] { Pair(0.95, true), Pair(0.8, true), Pair(0.7, false), Pair(0.6, true), Pair(0.5, false), Pair(0.4, false), Pair(0.3, false) };
        // [0.5, 0.9) holds 2 of 4 true; [0.4, 0.9) only 2 of 5.
        Assert.Equal(0.5, ThresholdChooser.ForReviewShare(pairs, link: 0.9, targetShare: 0.5, floor: 0.1), precision: 9);
    }

    [Fact]
    public void the_review_threshold_never_falls_below_its_floor()
    {
        var pairs = Enumerable.Range(1, 100).Select(i => Pair(i / 100.0, true)).ToList();
        Assert.Equal(0.25, ThresholdChooser.ForReviewShare(pairs, link: 0.99, targetShare: 0.5, floor: 0.25), precision: 9);
    }

    [Fact]
    public void with_no_band_half_true_there_is_no_review_band()
    {
        var pairs = new[] { Pair(0.99, true), Pair(0.8, false), Pair(0.6, false) };
        Assert.Equal(0.95, ThresholdChooser.ForReviewShare(pairs, link: 0.95, targetShare: 0.5, floor: 0.25), precision: 9);
    }
}
