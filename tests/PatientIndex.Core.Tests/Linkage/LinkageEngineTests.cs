using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Core.Tests.Linkage;

public sealed class LinkageEngineTests
{
    /// <summary>Two people registered twice each, and two strangers: enough for EM to tell them apart.</summary>
    private static List<NormalisedRecord> TwoPeopleTwiceAndStrangers() =>
    [
        Rec.Make("Margaret", "Okafor", "1961-03-14", "9434765919", "LS6 2AB", "F", "12 Hyde Park Road"),
        Rec.Make("Peggy", "Okafor", "1961-03-14", "9434765919", "LS6 2AB", "F", "12 Hyde Park Rd"),
        Rec.Make("Tomasz", "Nowak", "1988-11-02", "4010232137", "M14 5TP", "M", "3 Birch Grove"),
        Rec.Make("Tomasz", "Nowak", "1988-11-02", "4010232137", "M14 5TP", "M", "3 Birch Grove"),
        Rec.Make("Aisha", "Rahman", "1975-07-21", null, "B12 9QR", "F", "88 Ladypool Road"),
        Rec.Make("David", "Evans", "1949-01-30", null, "CF10 1AA", "M", "1 Castle Street"),
    ];

    [Fact]
    public void the_decided_pairs_are_handed_over_before_the_run_ends_and_are_the_links_it_returns()
    {
        IReadOnlyList<ScoredPair>? handedOver = null;
        var result = new LinkageEngine(new LinkageSettings()).Run(TwoPeopleTwiceAndStrangers(), onDecided: links => handedOver = links);

        Assert.NotNull(handedOver);
        Assert.Same(result.Links, handedOver);
        Assert.Contains(result.Links, pair => pair.Decision == Decision.Link);
    }

    [Fact]
    public void persons_are_built_from_links_equally_sure_to_a_millionth_with_agreeing_identifiers_first()
    {
        var records = TwoPeopleTwiceAndStrangers();
        var identifierAgrees = PairComparer.Compare(records[0], records[1]);
        var namesOnly = PairComparer.Compare(records[0], records[4]);
        ScoredPair Link(int left, int right, double probability, ComparisonVector vector) => new(left, right, probability, Decision.Link, vector, default);
        ScoredPair[] kept =
        [
            Link(0, 4, 0.99999990, namesOnly),
            Link(0, 5, 0.99999970, namesOnly),
            Link(0, 1, 0.99999960, identifierAgrees),
            new(2, 3, 0.7, Decision.Review, namesOnly, default),
            Link(2, 5, 0.9, identifierAgrees),
        ];

        Assert.Equal([2, 0, 1, 4], LinkageEngine.ClusteringOrder(kept, 4));
    }

    [Fact]
    public void pairs_whose_upper_bound_falls_short_of_review_are_dismissed_unscored_and_the_rest_keep_the_explanation_they_were_scored_with()
    {
        // Margaret's son at her home: a candidate by the household rules, and no match.
        var records = TwoPeopleTwiceAndStrangers().Append(Rec.Make("Chidi", "Okafor", "1990-08-05", null, "LS6 2AB", "M", "12 Hyde Park Road")).ToList();
        var fellegiSunter = new LinkageEngine(new LinkageSettings()).Run(records).LearntModel!;
        var scorer = new BoundedScorer(fellegiSunter);

        var result = new LinkageEngine(new LinkageSettings()).Run(records, scorer);

        Assert.Equal(result.CandidatePairs.Length, scorer.Bounded);
        Assert.Equal(scorer.Bounded - scorer.Dismissible, scorer.Scored);
        Assert.True(scorer.Dismissible > 0, "the son is no match for his mother");
        Assert.All(result.Links, pair => Assert.Equal((float)pair.Probability, pair.Contributions.Span[0]));
    }

    /// <summary>FS, with its exact score as the bound, counting the bounds and the explained scores; each explanation is the pair's probability.</summary>
    [Fact]
    public void a_record_in_review_with_two_records_of_one_person_is_one_question_asked_by_the_stronger_pair()
    {
        // Margaret and Peggy are one person by their NHS number; a third Okafor record without one is unsure with each.
        var records = TwoPeopleTwiceAndStrangers().Append(Rec.Make("M", "Okafor", "1961-03-14", null, "LS6 2AB", "F")).ToList();
        var scorer = new ByEvidence(v => v[Comparison.NhsNumber] == NhsLevel.ExactValid ? 0.9999
            : v[Comparison.FamilyName] == FamilyLevel.Exact ? (v[Comparison.GivenName] == GivenLevel.Initial ? 0.8 : 0.6) : 0.01);

        var result = new LinkageEngine(new LinkageSettings()).Run(records, scorer);

        var question = Assert.Single(result.ReviewPairs);
        Assert.Equal(2, question.Pairs);
        Assert.Equal(0.8, question.Pair.Probability);
        Assert.Equal(6, question.Pair.Right);
    }

    [Fact]
    public void a_runs_probabilities_alone_estimate_its_link_precision_and_how_many_of_its_review_pairs_are_one_person()
    {
        var records = TwoPeopleTwiceAndStrangers().Append(Rec.Make("M", "Okafor", "1961-03-14", null, "LS6 2AB", "F")).ToList();
        var scorer = new ByEvidence(v => v[Comparison.NhsNumber] == NhsLevel.ExactValid ? 0.999
            : v[Comparison.FamilyName] == FamilyLevel.Exact ? (v[Comparison.GivenName] == GivenLevel.Initial ? 0.8 : 0.6) : 0.01);
        var result = new LinkageEngine(new LinkageSettings()).Run(records, scorer);

        var estimates = RunEstimates.Of(result);

        Assert.Equal(2, estimates.LinkPairs); // Margaret and Peggy; Tomasz twice
        Assert.Equal(0.999, estimates.LinkPrecision, 9);
        Assert.Equal(2, estimates.ReviewPairs);
        Assert.Equal(0.7, estimates.ReviewTrueShare, 9);
        Assert.Equal(2 * 0.999 / result.Probabilities.Sum(), estimates.RecallAmongCandidates, 9);
    }

    private sealed class ByEvidence(Func<ComparisonVector, double> probability) : IMatchScorer
    {
        public string Name => "by-evidence";
        public double Score(in ComparisonVector vector, Span<float> contributions) => probability(vector);
    }

    private sealed class BoundedScorer(FellegiSunterModel fellegiSunter) : IMatchScorer
    {
        public int Bounded, Dismissible, Scored;
        public string Name => "bounded";

        public double UpperBound(in ComparisonVector vector)
        {
            var bound = fellegiSunter.Score(vector, []);
            Interlocked.Increment(ref Bounded);
            if (bound < new DecisionPolicy().ReviewThreshold) Interlocked.Increment(ref Dismissible);
            return bound;
        }

        public double Score(in ComparisonVector vector, Span<float> contributions)
        {
            if (!contributions.IsEmpty) Interlocked.Increment(ref Scored); // not clustering's checks
            var probability = fellegiSunter.Score(vector, []);
            contributions.Fill((float)probability);
            return probability;
        }
    }

    [Fact]
    public void a_failure_in_the_decided_pairs_handler_fails_the_run()
    {
        var engine = new LinkageEngine(new LinkageSettings());

        var failure = Assert.Throws<IOException>(() => engine.Run(TwoPeopleTwiceAndStrangers(), onDecided: _ => throw new IOException("disk full")));

        Assert.Equal("disk full", failure.Message);
    }
}
