using System.Globalization;
using PatientIndex.Cli.Commands;
using PatientIndex.Extracts;
using PatientIndex.Synth;
using PatientIndex.Cli.Tests.Link;
using PatientIndex.Ml.Training;
using PatientIndex.Core.Records;
using PatientIndex.Ml;

namespace PatientIndex.Cli.Tests.Training;

public class TrainCommandTests
{
    private static readonly TrainerOptions Quick = new() { Trees = 60, Leaves = 8 };

    private static TrainingPlan SmallSynthPlan(params DatasetSpec[] evaluation) => new()
    {
        Id = "test-model",
        Trainer = Quick,
        Datasets = [new DatasetSpec { Name = "synth-small", Synth = new SynthSpec(2500, 31), Variants = [new VariantSpec { Drop = ["nhs_number"] }] }],
        Evaluation = [.. evaluation],
    };

    [Fact]
    public void training_twice_on_the_same_small_set_with_the_same_seed_gives_the_same_model_and_metrics()
    {
        using var temp = new TempDirectory();
        var first = TrainCommand.Run(SmallSynthPlan(), temp.Path, temp.File("a"), "test", TextWriter.Null);
        var second = TrainCommand.Run(SmallSynthPlan(), temp.Path, temp.File("b"), "test", TextWriter.Null);

        Assert.Equal(File.ReadAllText(temp.File("a/model.json")), File.ReadAllText(temp.File("b/model.json")));
        Assert.Equal(first.HeldOut, second.HeldOut);
        Assert.Equal(first.Splits, second.Splits);
    }

    [Fact]
    public void a_model_trained_on_synth_is_calibrated_on_its_held_out_people()
    {
        using var temp = new TempDirectory();
        var outcome = TrainCommand.Run(SmallSynthPlan(), temp.Path, temp.File("m"), "test", TextWriter.Null);
        var error = Reliability.ExpectedCalibrationError(outcome.Reliability);
        Assert.True(error <= 0.02, $"expected calibration error {error:0.0000} on the report split");
        Assert.True(outcome.HeldOut.Precision >= 0.99, $"held-out precision {outcome.HeldOut.Precision:0.0000}");
    }

    [Fact]
    public void the_model_directory_holds_the_model_its_settings_and_a_card_with_the_side_by_side_table()
    {
        using var temp = new TempDirectory();
        var evaluation = new DatasetSpec { Name = "synth-unseen", Synth = new SynthSpec(1500, 37) };
        TrainCommand.Run(SmallSynthPlan(evaluation), temp.Path, temp.File("m"), "test", TextWriter.Null);

        foreach (var file in new[] { "model.json", "mlnet-model.zip", "settings.json", "MODEL.md" }) Assert.True(File.Exists(temp.File("m/" + file)), file);
        var card = File.ReadAllText(temp.File("m/MODEL.md"));
        Assert.Contains("## Calibration", card);
        Assert.Contains("| synth-unseen (held out) |", card);
        Assert.Contains(PairFeatures.SchemaHash, File.ReadAllText(temp.File("m/settings.json")));
        Assert.Equal("test-model", MatchModel.Load(temp.File("m")).Id);
    }

    [Fact]
    public void the_auto_link_threshold_is_the_lowest_tried_at_which_whole_runs_of_the_selection_data_keep_the_target_precision()
    {
        using var temp = new TempDirectory();
        var plan = SmallSynthPlan() with { Selection = [new DatasetSpec { Name = "synth-choose", Synth = new SynthSpec(1500, 41) }] };
        var selection = new LinkThresholdSelection(plan.Selection, temp.Path, temp.File("scratch"), new Core.Linkage.LinkageSettings(), TextWriter.Null);
        var outcome = MatchModelTrainer.Train(TrainCommand.LabelAll(plan.Datasets, temp.Path, temp.File("labels"), new Core.Linkage.LinkageSettings(), TextWriter.Null).Pairs, plan.Id, plan.Trainer, selection);

        var link = outcome.Model.Thresholds!.Link;
        var trials = selection.TrialsOf(plan.Id);
        Assert.True(link >= Quick.MinimumLinkProbability);
        if (trials.Count == 0)
        {
            // The calibration split alone asked for more than any threshold on the list: kept as it was.
            Assert.True(link > Quick.LinkThresholdsToTry.Max());
            return;
        }
        Assert.Contains(link, Quick.LinkThresholdsToTry);
        Assert.All(trials, t => Assert.Equal("synth-choose", t.Dataset));
        Assert.All(trials.Where(t => t.Threshold < link), t => Assert.True(t.Metrics.Precision < Quick.TargetPrecision));
        if (trials.Any(t => t.Threshold == link && t.Metrics.Precision < Quick.TargetPrecision))
            Assert.Equal(Quick.LinkThresholdsToTry.Max(), link);
    }

    [Fact]
    public void a_typo_variant_mistypes_hand_typed_fields_by_a_keystroke_or_two_and_leaves_identifiers_alone()
    {
        var record = new SourceRecord
        {
            Source = "gp", RecordId = "1", NhsNumber = "9434765919", GivenName = "Margaret", FamilyName = "Thompson",
            Dob = "1956-03-14", City = "Leeds", Email = "m.thompson@example.org",
        };
        var first = new FieldNoise([record], swapRate: 0, blankRate: 0, typoRate: 1, seed: 5).Apply(record);
        var again = new FieldNoise([record], swapRate: 0, blankRate: 0, typoRate: 1, seed: 5).Apply(record);

        Assert.Equal(first, again);
        Assert.Equal(record.NhsNumber, first.NhsNumber);
        foreach (var (was, now) in new[] { (record.GivenName, first.GivenName), (record.FamilyName, first.FamilyName), (record.City, first.City), (record.Email, first.Email) })
        {
            Assert.NotNull(now);
            Assert.InRange(Math.Abs(was!.Length - now!.Length), 0, 2);
            Assert.True(was.Zip(now).Count(c => c.First == c.Second) >= Math.Min(was.Length, now.Length) - 4, $"{was} -> {now}");
        }
        Assert.NotEqual(record with { }, first);
    }

    [Fact]
    public void training_from_a_labelled_pairs_file_gives_a_model_that_link_can_use()
    {
        using var temp = new TempDirectory();
        var data = temp.File("synth");
        SyntheticExtracts.Generate(new SynthOptions(2000, 41, data));
        var pairs = temp.Write("pairs.csv", LabelledPairs(TruthFile.Read(Path.Combine(data, "truth.csv"))));
        string[] files = [Path.Combine(data, "gp.csv"), Path.Combine(data, "hospital.csv"), Path.Combine(data, "community.csv")];
        var plan = new TrainingPlan { Id = "from-pairs", Trainer = Quick, Datasets = [new DatasetSpec { Name = "steward", Files = [.. files], Pairs = pairs }] };

        var outcome = TrainCommand.Run(plan, temp.Path, temp.File("m"), "test", TextWriter.Null);

        Assert.True(outcome.Splits.Sum(s => s.Matches) > 500);
        Assert.Equal(0, LinkRun.Run(temp.File("out"), files, scorer: "ml", model: temp.File("m")));
    }

    /// <summary>Every true pair, and as many pairs of different people drawn from each source's neighbours, as a steward export would list them.</summary>
    private static string LabelledPairs(Dictionary<(string Source, string RecordId), string> truth)
    {
        var lines = new List<string> { "left_source,left_record_id,right_source,right_record_id,label" };
        var records = truth.Keys.OrderBy(k => k.Source, StringComparer.Ordinal).ThenBy(k => k.RecordId, StringComparer.Ordinal).ToList();
        foreach (var group in truth.GroupBy(t => t.Value))
        {
            var members = group.Select(g => g.Key).ToList();
            for (var i = 0; i < members.Count; i++)
                for (var j = i + 1; j < members.Count; j++)
                    lines.Add(string.Join(',', members[i].Source, members[i].RecordId, members[j].Source, members[j].RecordId, "1"));
        }
        for (var i = 0; i + 1 < records.Count; i += 2)
            if (truth[records[i]] != truth[records[i + 1]])
                lines.Add(string.Join(',', records[i].Source, records[i].RecordId, records[i + 1].Source, records[i + 1].RecordId, 0.ToString(CultureInfo.InvariantCulture)));
        return string.Join('\n', lines) + "\n";
    }

    [Fact]
    public void a_plan_without_truth_is_refused_with_every_problem_named()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("plan.json", """{ "datasets": [ { "name": "x", "files": ["a.csv"], "variants": [ { "drop": ["shoe_size"] } ] } ] }""");
        var error = Assert.Throws<TrainingPlanException>(() => TrainingPlan.Read(path));
        Assert.Contains("has no truth", error.Message);
        Assert.Contains("shoe_size", error.Message);
    }
}
