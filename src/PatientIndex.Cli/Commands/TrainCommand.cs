using System.CommandLine;
using System.Text.Json;
using PatientIndex.Cli.Output;
using PatientIndex.Ml.Training;
using PatientIndex.Core.Blocking;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Ml;

namespace PatientIndex.Cli.Commands;

/// <summary>
/// <c>train --plan models/train-plan.json --out models/ID</c>, or <c>train --out DIR --truth truth.csv FILE...</c>:
/// labels the engine's own candidate pairs, trains, calibrates, chooses thresholds, and writes the
/// model directory with its card.
/// </summary>
public static class TrainCommand
{
    private static readonly Option<string?> Plan = new("--plan") { Description = "Training plan (JSON): datasets, column-dropping variants, trainer settings, evaluation datasets" };
    private static readonly Option<string> Out = new("--out") { Description = "Model directory to write (linkage.json, model.json, mlnet-model.zip, settings.json, MODEL.md)", Required = true };
    private static readonly Option<string?> Id = new("--id") { Description = "Model id (default: the plan's, or the output directory's name)" };
    private static readonly Option<string?> Truth = new("--truth") { Description = "Truth file for FILES: source,record_id,person_id" };
    private static readonly Option<string?> TruthColumn = new("--truth-column") { Description = "A column of FILES that names the person (e.g. cluster)" };
    private static readonly Option<string?> TruthPattern = new("--truth-pattern") { Description = "Regex applied to --truth-column; its first group is the person (e.g. rec-(\\d+)-)" };
    private static readonly Option<string?> Pairs = new("--pairs") { Description = "Labelled pairs for FILES: left_source,left_record_id,right_source,right_record_id,label" };
    private static readonly Option<string?> Columns = new("--columns") { Description = "Column mapping for FILES, as for link" };
    private static readonly Option<string?> DateFormat = new("--date-format") { Description = "Format of dob in FILES when not ISO" };
    private static readonly Option<int?> Seed = new("--seed") { Description = "Trainer seed (default: the plan's)" };
    private static readonly Argument<string[]> Files = new("files") { Description = "Extracts with known answers (without --plan)", Arity = ArgumentArity.ZeroOrMore };

    public static Command Create()
    {
        var command = new Command("train", "Train the ML match model on data with known answers and write models/<id>/")
            { Plan, Out, Id, Truth, TruthColumn, TruthPattern, Pairs, Columns, DateFormat, Seed, Files };
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var (plan, planDirectory) = parse.GetValue(Plan) is { } planFile
                ? (TrainingPlan.Read(planFile), Path.GetDirectoryName(Path.GetFullPath(planFile))!)
                : (AdHocPlan(parse), Directory.GetCurrentDirectory());
            var output = parse.GetValue(Out)!;
            plan = plan with { Id = parse.GetValue(Id) ?? (parse.GetValue(Plan) is null ? Path.GetFileName(Path.GetFullPath(output)) : plan.Id) };
            if (parse.GetValue(Seed) is { } seed) plan = plan with { Trainer = plan.Trainer with { Seed = seed } };
            Run(plan, planDirectory, output, "patientindex " + string.Join(' ', parse.Tokens.Select(t => t.Value)), Console.Out);
            return 0;
        }));
        return command;
    }

    private static TrainingPlan AdHocPlan(ParseResult parse)
    {
        var files = parse.GetValue(Files) ?? [];
        if (files.Length == 0) throw new CliException("train needs --plan FILE, or extract FILES with --truth, --truth-column or --pairs");
        var spec = new DatasetSpec
        {
            Name = string.Join("+", files.Select(Path.GetFileNameWithoutExtension)),
            Files = [.. files],
            Columns = parse.GetValue(Columns),
            DateFormat = parse.GetValue(DateFormat),
            TruthFile = parse.GetValue(Truth),
            TruthColumn = parse.GetValue(TruthColumn),
            TruthPattern = parse.GetValue(TruthPattern),
            Pairs = parse.GetValue(Pairs),
        };
        var problems = spec.Validate().ToList();
        if (problems.Count > 0) throw new CliException(string.Join(Environment.NewLine, problems));
        return new TrainingPlan { Datasets = [spec] };
    }

    public static TrainingOutcome Run(TrainingPlan plan, string planDirectory, string output, string command, TextWriter log)
    {
        var settings = new LinkageSettings();
        var scratch = Directory.CreateTempSubdirectory("patientindex-train-").FullName;
        try
        {
            var (pairs, datasets, skipped) = LabelAll(plan.Datasets, planDirectory, scratch, settings, log);
            if (pairs.Count == 0) throw new CliException("no labelled pairs: every dataset of the plan is absent");
            log.WriteLine($"training on {pairs.Count:N0} labelled pairs ({pairs.Count(p => p.Match):N0} matches)");
            var selection = new LinkThresholdSelection(plan.Selection, planDirectory, scratch, settings, log);
            var outcome = MatchModelTrainer.Train(pairs, plan.Id, plan.Trainer, selection);
            log.WriteLine($"{outcome.Model.Trainer} ships; held out: precision {outcome.HeldOut.Precision:0.0000} recall {outcome.HeldOut.Recall:0.0000} (FS at {new DecisionPolicy().LinkThreshold}: {outcome.FellegiSunterHeldOut.Precision:0.0000} / {outcome.FellegiSunterHeldOut.Recall:0.0000})");

            var trainedOn = plan.Datasets.Select(d => d.Name).ToHashSet();
            var sideBySide = SideBySide(plan.Evaluation, planDirectory, scratch, settings, outcome.Model, trainedOn, skipped, log);
            var leftOut = plan.LeaveOutChecks.SelectMany(prefix => LeaveOut(prefix, plan, pairs, selection, planDirectory, scratch, settings, log)).ToList();
            WriteModelDirectory(output, outcome, settings,
                new ModelCardFacts(outcome, DateTime.UtcNow, command, datasets, skipped, sideBySide, leftOut, selection.TrialsOf(plan.Id)));
            log.WriteLine($"model {plan.Id} written to {output}");
            return outcome;
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    internal static (List<LabelledPair> Pairs, List<(string, int)> Datasets, List<string> Skipped) LabelAll(
        IEnumerable<DatasetSpec> specs, string planDirectory, string scratch, LinkageSettings settings, TextWriter log)
    {
        var pairs = new List<LabelledPair>();
        var datasets = new List<(string, int)>();
        var skipped = new List<string>();
        foreach (var spec in specs)
        {
            if (TrainingDataset.Load(spec, planDirectory, scratch, out var missing) is not { } dataset)
            {
                log.WriteLine($"skipping {spec.Name}: {missing} not found");
                skipped.Add(spec.Name);
                continue;
            }
            foreach (var variant in dataset.Variants())
            {
                var labelled = TrainingSetBuilder.Sample(TrainingSetBuilder.Build(dataset.Label(variant, settings)), spec.PairShare, variant.Seed);
                var name = variant.NameOf(spec.Name);
                log.WriteLine($"  {name}: {dataset.Records:N0} records, {labelled.Count:N0} labelled pairs ({labelled.Count(p => p.Match):N0} matches)");
                pairs.AddRange(labelled);
                datasets.Add((name, dataset.Records));
            }
        }
        return (pairs, datasets, skipped);
    }

    /// <summary>
    /// How the model does on a kind of data it has never seen: a second model, trained the same way
    /// on everything but the datasets named by <paramref name="prefix"/>, links those datasets.
    /// </summary>
    private static List<SideBySideRow> LeaveOut(string prefix, TrainingPlan plan, List<LabelledPair> pairs, LinkThresholdSelection selection, string planDirectory,
        string scratch, LinkageSettings settings, TextWriter log)
    {
        var rest = pairs.Where(p => !p.Dataset.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var targets = plan.Evaluation.Where(d => d.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (rest.Count == pairs.Count || targets.Count == 0) return [];
        log.WriteLine($"checking on {prefix}* with a model trained without it");
        var model = MatchModelTrainer.Train(rest, $"{plan.Id}-without-{prefix}", plan.Trainer, selection).Model;
        return SideBySide(targets, planDirectory, scratch, settings, model, [], [], log);
    }

    private static List<SideBySideRow> SideBySide(IEnumerable<DatasetSpec> specs, string planDirectory, string scratch, LinkageSettings settings,
        MatchModel model, HashSet<string> trainedOn, List<string> skipped, TextWriter log)
    {
        var rows = new List<SideBySideRow>();
        var mlSettings = settings with { Decisions = new DecisionPolicy(model.Thresholds!.Link, model.Thresholds.Review) };
        foreach (var spec in specs)
        {
            if (TrainingDataset.Load(spec, planDirectory, Path.Combine(scratch, "evaluation"), out var missing) is not { } dataset)
            {
                log.WriteLine($"skipping evaluation on {spec.Name}: {missing} not found");
                skipped.Add(spec.Name + " (evaluation)");
                continue;
            }
            foreach (var variant in dataset.Variants())
            {
                var fs = dataset.Evaluate(variant, settings, scorer: null);
                var ml = dataset.Evaluate(variant, mlSettings, fellegiSunter => new MlMatchScorer(model, fellegiSunter));
                var name = variant.NameOf(spec.Name);
                log.WriteLine($"  {name}: FS P {fs.Precision:0.0000} R {fs.Recall:0.0000} F1 {fs.F1:0.0000} | ML P {ml.Precision:0.0000} R {ml.Recall:0.0000} F1 {ml.F1:0.0000}");
                rows.Add(new SideBySideRow(name, !trainedOn.Contains(spec.Name), fs, ml));
            }
        }
        return rows;
    }

    private static void WriteModelDirectory(string output, TrainingOutcome outcome, LinkageSettings settings, ModelCardFacts facts)
    {
        Directory.CreateDirectory(output);
        // The trees and their thresholds; Fellegi–Sunter parameters already in the directory (the service's) are kept.
        new LinkageModel { Id = outcome.Model.Id, Thresholds = outcome.Model.Thresholds!, Blocking = settings.Blocking, Trees = outcome.Model }.Save(output);
        outcome.MlNet.Save(Path.Combine(output, ScorerChoice.MlNetFileName));
        File.WriteAllText(Path.Combine(output, "settings.json"), JsonSerializer.Serialize(ExpectedSettings(settings, outcome.Model), LinkageOutput.JsonOptions));
        File.WriteAllText(Path.Combine(output, "MODEL.md"), ModelCard.Write(facts));
    }

    /// <summary>The linkage settings the model was trained under: comparisons and levels (hashed), blocking rules, EM.</summary>
    private static object ExpectedSettings(LinkageSettings settings, MatchModel model) => new
    {
        model.SchemaHash,
        Comparisons = ComparisonSchema.Comparisons.Select(c => new { c.Name, c.Levels }),
        Features = PairFeatures.Names,
        BlockingRules = BlockingRules.Default.Select(r => new { r.Name, r.Loose, r.Household }),
        settings.RandomPairsForU,
        settings.Em,
        settings.TermFrequencyScale,
    };
}
