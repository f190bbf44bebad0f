using System.Text.Json;
using PatientIndex.Cli.Commands;
using PatientIndex.Extracts;
using PatientIndex.Synth;
using PatientIndex.Ml;

namespace PatientIndex.Cli.Tests.Link;

/// <summary>
/// <c>link</c> with the model shipped in models/, the default, against FS alone (<c>--scorer fs</c>).
/// </summary>
public class ShippedModelLinkTests : IClassFixture<ShippedModelLinkTests.SynthRuns>
{
    private readonly SynthRuns theRuns;

    public ShippedModelLinkTests(SynthRuns runs) => theRuns = runs;

    /// <summary>One synthetic population (a seed the model never trained on), linked once with each scorer.</summary>
    public sealed class SynthRuns : IDisposable
    {
        private readonly TempDirectory _temp = new();

        public SynthRuns()
        {
            var data = _temp.File("synth");
            SyntheticExtracts.Generate(new SynthOptions(4000, 23, data));
            string[] files = [Path.Combine(data, "gp.csv"), Path.Combine(data, "hospital.csv"), Path.Combine(data, "community.csv")];
            Truth = TruthFile.Read(Path.Combine(data, "truth.csv"));
            HardNegatives = TruthFile.ReadHardNegatives(Path.Combine(data, "hard_negatives.csv"))!;
            Ml = _temp.File("ml");
            Fs = _temp.File("fs");
            Assert.Equal(0, LinkRun.Run(Ml, files));
            Assert.Equal(0, LinkRun.Run(Fs, files, scorer: "fs"));
        }

        public Dictionary<(string, string), string> Truth { get; }
        public List<(string, string)> HardNegatives { get; }
        public string Ml { get; }
        public string Fs { get; }

        public void Dispose() => _temp.Dispose();
    }

    [Fact]
    public void link_scores_with_the_shipped_model_by_default_and_with_fs_alone_when_asked()
    {
        Assert.Equal(MatchModel.Load(ScorerChoice.ShippedModelDirectory()!).Id, Scorer(theRuns.Ml));
        Assert.Equal("fellegi-sunter", Scorer(theRuns.Fs));
    }

    /// <summary>
    /// What the model must do on a population it never trained on: link at clinical precision, merge no
    /// twins or namesakes, and still find nearly every true link. FS alone cannot see that a shared home,
    /// family name and birth date under two given names is two people, so it is less precise.
    /// </summary>
    [Fact]
    public void the_shipped_model_links_at_clinical_precision_more_precisely_than_fs_without_merging_twins_or_namesakes()
    {
        var ml = LinkRun.Evaluate(theRuns.Ml, theRuns.Truth, theRuns.HardNegatives);
        var fs = LinkRun.Evaluate(theRuns.Fs, theRuns.Truth, theRuns.HardNegatives);
        Assert.True(ml.Precision >= 0.999, $"ML precision {ml.Precision:0.0000}");
        Assert.True(ml.Precision >= fs.Precision, $"ML precision {ml.Precision:0.0000}, FS precision {fs.Precision:0.0000}");
        Assert.True(ml.Recall >= 0.99, $"ML recall {ml.Recall:0.0000}, FS recall {fs.Recall:0.0000}");
        Assert.True(ml.HardNegativePairs > 0);
        Assert.Equal(0, ml.HardNegativesMerged);
    }

    [Fact]
    public void links_made_by_the_model_carry_their_strongest_contributions_per_comparison()
    {
        var links = LinkRun.Rows(theRuns.Ml, "links.csv");
        Assert.NotEmpty(links);
        Assert.All(links.Take(50), row => Assert.Matches(@"^[a-z_]+:[+-]\d+\.\d(\|[a-z_]+:[+-]\d+\.\d)*$", row[6]));
    }

    [Fact]
    public void summary_records_the_thresholds_the_model_chose()
    {
        var model = LinkageModel.Load(ScorerChoice.ShippedModelDirectory()!);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(theRuns.Ml, "summary.json")));
        var thresholds = summary.RootElement.GetProperty("thresholds");
        Assert.Equal(model.Thresholds.Link, thresholds.GetProperty("link").GetDouble());
        Assert.Equal(model.Thresholds.Review, thresholds.GetProperty("review").GetDouble());
    }

    /// <summary>On data like its training, the model's own estimate of a run's link precision is the measured one to a few in ten thousand.</summary>
    [Fact]
    public void summary_estimates_the_runs_link_precision_from_its_probabilities_close_to_what_the_truth_measures()
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(theRuns.Ml, "summary.json")));
        var estimates = summary.RootElement.GetProperty("estimates");
        var measured = LinkRun.Evaluate(theRuns.Ml, theRuns.Truth, theRuns.HardNegatives);

        var precision = estimates.GetProperty("link_precision").GetDouble();
        Assert.InRange(precision, measured.Precision - 0.001, 1);
        Assert.InRange(estimates.GetProperty("recall_among_candidates").GetDouble(), measured.Recall - 0.02, 1);
        Assert.InRange(estimates.GetProperty("review_true_share").GetDouble(), 0, 1);
    }

    [Fact]
    public void a_model_trained_for_another_schema_stops_link_before_any_input_is_read()
    {
        using var temp = new TempDirectory();
        var shipped = LinkageModel.Load(ScorerChoice.ShippedModelDirectory()!);
        (shipped with { Trees = shipped.Trees! with { SchemaHash = "ffffffffffffffff" } }).Save(temp.File("stale"));
        var error = Assert.Throws<CliException>(() => LinkCommand.Run(new LinkRequest(
            [temp.File("does-not-exist.csv")], temp.File("out"), null, null, new Thresholds(), 400, null, Scorer: "ml", ModelPath: temp.File("stale"))));
        Assert.Contains("ffffffffffffffff", error.Message);
        Assert.Contains(MatchModel.RetrainCommand, error.Message);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void without_a_shipped_model_link_scores_with_fs_unless_ml_is_asked_for()
    {
        Assert.Null(ScorerChoice.Resolve(null, null, shippedModel: null));
        var error = Assert.Throws<CliException>(() => ScorerChoice.Resolve("ml", null, shippedModel: null));
        Assert.Contains("--model PATH", error.Message);
        Assert.Null(ScorerChoice.Resolve("fs", null, ScorerChoice.ShippedModelDirectory()));
    }

    [Fact]
    public void an_unknown_scorer_is_refused()
    {
        var error = Assert.Throws<CliException>(() => ScorerChoice.Resolve("neural", null));
        Assert.Contains("--scorer", error.Message);
    }

    private static string Scorer(string outDir)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        return summary.RootElement.GetProperty("scorer").GetString()!;
    }
}
