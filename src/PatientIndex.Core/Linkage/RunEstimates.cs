namespace PatientIndex.Core.Linkage;

/// <summary>
/// What a run's own calibrated probabilities say about it, without any truth: how many of its links are
/// expected to join two people, how many of its review pairs are one person, and how many of the matches
/// among its candidates it linked. Pair by pair, as decided (before clustering joins pairs into persons).
/// Only as good as the calibration on this data: <c>link --truth</c> reports both, so the two can be compared.
/// </summary>
/// <param name="ExpectedWrongLinks">The sum of one minus each Link pair's probability.</param>
/// <param name="ExpectedMatchesInReview">The sum of the Review pairs' probabilities.</param>
/// <param name="ExpectedMatches">The sum of every candidate pair's probability (a dismissed pair counts its upper bound, so this errs high).</param>
public sealed record RunEstimates(long LinkPairs, double ExpectedWrongLinks, long ReviewPairs, double ExpectedMatchesInReview, double ExpectedMatches)
{
    public double LinkPrecision => LinkPairs == 0 ? 1 : 1 - ExpectedWrongLinks / LinkPairs;
    public double ReviewTrueShare => ReviewPairs == 0 ? 0 : ExpectedMatchesInReview / ReviewPairs;
    /// <summary>The share of the matches among the candidates that were linked (blocking's misses are not in it).</summary>
    public double RecallAmongCandidates => ExpectedMatches == 0 ? 1 : (LinkPairs - ExpectedWrongLinks) / ExpectedMatches;

    public static RunEstimates Of(LinkageResult result)
    {
        long links = 0, reviews = 0;
        double wrong = 0, inReview = 0, matches = 0;
        foreach (var pair in result.Links)
        {
            if (pair.Decision == Decision.Link) { links++; wrong += 1 - pair.Probability; }
            else if (pair.Decision == Decision.Review) { reviews++; inReview += pair.Probability; }
        }
        foreach (var probability in result.Probabilities) matches += probability;
        return new RunEstimates(links, wrong, reviews, inReview, Math.Max(matches, links - wrong));
    }
}
