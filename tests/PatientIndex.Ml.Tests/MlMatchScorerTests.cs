using PatientIndex.Core.Scoring;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Ml.Tests;

public class MlMatchScorerTests
{
    private static readonly RecordNormaliser Normaliser = new();
    private readonly MlMatchScorer theScorer = new(MatchModel.Load(Fixtures.ShippedModelDirectory()), Fixtures.FellegiSunter());

    private static ComparisonVector Compare(SourceRecord a, SourceRecord b) => PairComparer.Compare(Normaliser.Normalise(a), Normaliser.Normalise(b));

    private static readonly SourceRecord William = new() { Source = "gp", RecordId = "1", NhsNumber = "9434765919", GivenName = "William", FamilyName = "Hughes", Dob = "1961-04-12", Sex = "M", Postcode = "LS6 2QT", AddressLine1 = "14 Cardigan Road", City = "Leeds" };

    [Fact]
    public void the_same_person_scores_high_and_a_different_person_low()
    {
        var same = Compare(William, William with { Source = "hospital", RecordId = "2", GivenName = "Bill", FamilyName = "Hughs" });
        var other = Compare(William, new SourceRecord { Source = "hospital", RecordId = "3", GivenName = "Ann", FamilyName = "Patel", Dob = "1990-01-02", Sex = "F", Postcode = "M1 1AA" });
        Assert.True(theScorer.Score(same, []) > 0.9);
        Assert.True(theScorer.Score(other, []) < 0.01);
    }

    [Fact]
    public void a_model_saved_from_a_run_scores_in_the_service_as_it_did_in_the_run_at_that_runs_share_of_matches()
    {
        var shipped = LinkageModel.Load(Fixtures.ShippedModelDirectory());
        var fs = shipped.FellegiSunter!;
        var learnt = new FellegiSunterModel(fs.MatchProbability, fs.M, fs.U, fs.TermFrequency)
        {
            CandidateMatchShare = 0.05, LearntFromPairs = 10_000,
        };
        var saved = Path.Combine(Directory.CreateTempSubdirectory("patientindex-model-").FullName, "model");
        shipped.WithFellegiSunter(learnt, null).Save(saved);
        var vector = Compare(William, William with { Source = "hospital", RecordId = "2", GivenName = "Bill", Dob = "1961-04-21", NhsNumber = null, Postcode = null });

        var inTheRun = shipped.ScorerFor(learnt).Score(vector, []);
        var inTheService = LinkageModel.Load(saved).Scorer().Score(vector, []);
        var atTheModelsOwnPrior = new MlMatchScorer(shipped.Trees!, learnt.WithRun(10_000)).Score(vector, []);

        Assert.Equal(inTheRun, inTheService, 12);
        Assert.True(inTheService < atTheModelsOwnPrior, $"a run with few matches among its candidates scores lower: {inTheService} vs {atTheModelsOwnPrior}");
    }

    [Fact]
    public void a_correction_model_scores_the_runs_own_fellegi_sunter_log_odds_moved_by_its_trees()
    {
        var fs = Fixtures.FellegiSunter().WithRun(10_000);
        var shipped = MatchModel.Load(Fixtures.ShippedModelDirectory());
        // No trees, only a bias: every pair's log-odds moved by exactly 0.7.
        var correction = shipped with
        {
            CorrectsFellegiSunter = true,
            ReferencePrior = null,
            Calibration = new PlattCalibration(1, 0),
            Ensemble = new EnsembleData(0.7, [], [], [], [], [], [], []),
        };
        var vector = Compare(William, William with { Source = "hospital", RecordId = "2", GivenName = "Bill", Dob = "1961-04-21", NhsNumber = null });
        var fsProbability = fs.Score(vector, []);
        var expected = 1 / (1 + Math.Exp(-(Math.Log(fsProbability / (1 - fsProbability)) + 0.7)));

        var scorer = new MlMatchScorer(correction, fs);
        var contributions = new float[ComparisonSchema.Count];
        Assert.Equal(expected, scorer.Score(vector, []), 9);
        Assert.Equal(expected, scorer.Score(vector, contributions), 9);
        var fsContributions = new float[ComparisonSchema.Count];
        fs.Score(vector, fsContributions);
        Assert.Equal(fsContributions[(int)Comparison.Dob], contributions[(int)Comparison.Dob], 3);
    }

    [Fact]
    public void a_correction_moves_fellegi_sunter_no_further_than_its_limit_and_its_explanation_shrinks_to_match()
    {
        var fs = Fixtures.FellegiSunter().WithRun(10_000);
        var vector = Compare(William, William with { Source = "hospital", RecordId = "2", GivenName = "Bill", Dob = "1961-04-21", NhsNumber = null });
        var fsLogOdds = MatchPrior.LogOdds(fs.Score(vector, []));
        var fsContributions = new float[ComparisonSchema.Count];
        fs.Score(vector, fsContributions);
        // One split every pair takes to the right, asking for a move of 9 from the trees' mean of 0; the limit allows 4.
        var correction = CorrectionOf(fs, leaf: 9f, limit: 4);

        var contributions = new float[ComparisonSchema.Count];
        var probability = new MlMatchScorer(correction, fs).Score(vector, contributions);

        Assert.Equal(fsLogOdds + 4, MatchPrior.LogOdds(probability), 6);
        Assert.Equal(fsContributions.Sum() + 4 / Math.Log(2), contributions.Sum(), 2);
    }

    [Fact]
    public void the_upper_bound_is_never_below_the_score_and_is_fellegi_sunter_moved_by_the_whole_limit()
    {
        var fs = Fixtures.FellegiSunter().WithRun(10_000);
        const double limit = 4;
        var scorer = new MlMatchScorer(CorrectionOf(fs, leaf: 0.5f, limit: limit), fs);
        var variants = new[]
        {
            William with { RecordId = "2" },
            William with { RecordId = "2", GivenName = "Bill", NhsNumber = null },
            William with { RecordId = "2", Dob = "1961-12-04", NhsNumber = null, Postcode = "LS6 2QU" },
            new SourceRecord { Source = "h", RecordId = "3", GivenName = "Wendy", FamilyName = "Hughes", Dob = "1963-04-12", Sex = "F", Postcode = "LS6 2QT", AddressLine1 = "14 Cardigan Road" },
            new SourceRecord { Source = "h", RecordId = "4", GivenName = "Ann", FamilyName = "Patel", Dob = "1990-01-02", Sex = "F", Postcode = "M1 1AA" },
        };
        foreach (var other in variants)
        {
            var vector = Compare(William, other);
            Assert.True(scorer.UpperBound(vector) >= scorer.Score(vector, []), other.RecordId);
            Assert.Equal(MatchPrior.LogOdds(fs.Score(vector, [])) + limit, MatchPrior.LogOdds(scorer.UpperBound(vector)), 6);
        }
    }

    [Fact]
    public void a_model_without_a_limit_bounds_nothing()
    {
        var fs = Fixtures.FellegiSunter().WithRun(10_000);
        var unbounded = new MlMatchScorer(CorrectionOf(fs, leaf: 0.5f, limit: null), fs);
        Assert.Equal(1, unbounded.UpperBound(Compare(William, William with { RecordId = "2" })));
    }

    private MatchModel CorrectionOf(Core.Scoring.FellegiSunterModel fs, float leaf, double? limit) => theScorer.Model with
    {
        CorrectsFellegiSunter = true,
        CorrectionLimit = limit,
        ReferencePrior = null,
        Calibration = new PlattCalibration(1, 0),
        // Split on the given names' level, a field every pair here has.
        Ensemble = new EnsembleData(0, [0], [PairFeatures.LevelFeature((int)Comparison.GivenName)], [-100f], [~0], [~1], [0f], [-leaf, leaf]),
    };

    [Fact]
    public void explaining_a_score_does_not_change_it_and_gives_one_contribution_per_comparison()
    {
        var vector = Compare(William, William with { Source = "hospital", RecordId = "2", Postcode = "LS6 2QU", NhsNumber = null });
        var contributions = new float[ComparisonSchema.Count];
        var explained = theScorer.Score(vector, contributions);
        Assert.Equal(theScorer.Score(vector, []), explained);
        Assert.Contains(contributions, c => c != 0);
    }

    [Fact]
    public void an_agreeing_birth_date_counts_for_the_match_and_a_different_one_against()
    {
        var contributions = new float[ComparisonSchema.Count];
        theScorer.Score(Compare(William, William with { RecordId = "2", NhsNumber = null }), contributions);
        Assert.True(contributions[(int)Comparison.Dob] > 0, $"agreeing: {string.Join(",", contributions)}");
        var v = Compare(William, William with { RecordId = "2", NhsNumber = null, Dob = "1975-09-30" });
        var p = theScorer.Score(v, contributions);
        Assert.True(contributions[(int)Comparison.Dob] < 0, $"different (p {p}, level {v.Levels[(int)Comparison.Dob]}): {string.Join(",", contributions)}");
    }

    [Fact]
    public void a_field_one_record_lacks_is_given_no_part_in_the_explanation()
    {
        // Names and an address only, as in an extract with no birth-date column.
        var left = new SourceRecord { Source = "census", RecordId = "1", GivenName = "William", FamilyName = "Hughes", AddressLine1 = "14 Cardigan Road" };
        var vector = Compare(left, left with { RecordId = "2", GivenName = "Wiliam" });
        var contributions = new float[ComparisonSchema.Count];
        theScorer.Score(vector, contributions);
        for (var c = 0; c < ComparisonSchema.Count; c++)
            if (vector.Levels[c] == 0) Assert.True(contributions[c] == 0, $"{(Comparison)c}: {contributions[c]}");
        Assert.True(contributions[(int)Comparison.GivenName] != 0 && contributions[(int)Comparison.FamilyName] != 0);
    }

    [Fact]
    public void a_run_too_small_for_em_to_learn_weights_is_scored_by_fellegi_sunter_and_a_large_one_by_the_model()
    {
        var model = theScorer.Model;
        var fs = Fixtures.FellegiSunter();
        var tiny = fs.WithRun(pairs: 3);
        var large = fs.WithRun(pairs: 50_000);
        Assert.Same(tiny, MlMatchScorer.ForRun(model, tiny));
        Assert.IsType<MlMatchScorer>(MlMatchScorer.ForRun(model, large));
    }

    [Fact]
    public void the_scorer_is_named_after_its_model() => Assert.Equal(theScorer.Model.Id, theScorer.Name);
}
