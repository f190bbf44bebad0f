using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PatientIndex.Extracts;
using PatientIndex.Cli.Output;
using PatientIndex.Cli.Report;
using PatientIndex.Core.Blocking;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Evaluation;
using PatientIndex.Core.Jobs;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;
using PatientIndex.Ml;

namespace PatientIndex.Cli.Commands;

/// <summary><c>link --out DIR FILE...</c>: bulk linkage of whole system extracts.</summary>
public static class LinkCommand
{
    private static readonly Option<string?> Out = new("--out") { Description = "Output directory (created if absent)" };
    private static readonly Option<string?> SaveModel = new("--save-model") { Description = "Write the linkage model this run decided with to this directory (the EM-learnt Fellegi–Sunter parameters, the trees, thresholds and block caps), for the service to load (Matching:Model)" };
    private static readonly Option<string?> Store = new("--store") { Description = "A SQLite file, or postgres:CONNECTION-STRING. An empty store is seeded with the persons found (binary COPY on PostgreSQL); into a store that holds persons each file is linked as the service links it, as a resumable extract job" };
    private static readonly Option<bool> FullExtract = new("--full-extract") { Description = "With --store holding persons: each file holds every record of its sources, so held records of those sources it lacks are withdrawn" };
    private static readonly Option<double?> MaxWithdrawnShare = new("--max-withdrawn-share") { Description = $"With --full-extract: refuse to withdraw more than this share of a source's held records (default {JobSpec.DefaultMaxWithdrawnShare})" };
    private static readonly Option<bool> Force = new("--force") { Description = "With --full-extract: withdraw whatever the file lacks, however much" };
    private static readonly Option<string?> Columns = new("--columns") { Description = "Map headers to canonical columns: canonical=header[+header2],... e.g. record_id=rec_id,family_name=surname" };
    private static readonly Option<string?> DateFormat = new("--date-format") { Description = "Format of dob when not ISO yyyy-MM-dd, e.g. yyyyMMdd" };
    private static readonly Option<double?> LinkThreshold = new("--link-threshold") { Description = $"Auto-link at or above this probability (default: the model's, or {new DecisionPolicy().LinkThreshold} with fs)" };
    private static readonly Option<double?> ReviewThreshold = new("--review-threshold") { Description = $"Send to review at or above this probability (default: the model's, or {new DecisionPolicy().ReviewThreshold} with fs)" };
    private static readonly Option<string?> Scorer = new("--scorer") { Description = "ml (the trained model in models/, correcting the Fellegi–Sunter model EM learns from the input; the default when a model is shipped) or fs (that Fellegi–Sunter model alone)" };
    private static readonly Option<string?> Model = new("--model") { Description = "Trained model directory or model.json to score with (implies --scorer ml; default: the one in models/)" };
    private static readonly Option<int?> MaxBlockSize = new("--max-block-size") { Description = $"Split blocks larger than this (default: the model's, or {new BlockCaps().MaxBlockSize} with fs)" };
    private static readonly Option<string?> Truth = new("--truth") { Description = "Optional truth file (source,record_id,person_id): adds blocking recall and pairwise quality to the summary, and precision and recall against the link threshold to the report" };
    private static readonly Option<string?> Report = new("--report") { Description = "Write a self-contained HTML report of the run to this file: match-weight histogram, m/u of each comparison, blocking rules, precision and recall against the link threshold (with --truth), the evidence behind a sample of decisions" };
    private static readonly Argument<string[]> Files = new("files") { Description = "CSV or FHIR NDJSON extracts; each file is one source", Arity = ArgumentArity.OneOrMore };

    public static Command Create()
    {
        var command = new Command("link", "Link whole system extracts into persons") { Out, SaveModel, Store, FullExtract, MaxWithdrawnShare, Force, Columns, DateFormat, LinkThreshold, ReviewThreshold, Scorer, Model, MaxBlockSize, Truth, Report, Files };
        command.SetAction(parse => CliRun.Guard(() => Run(new LinkRequest(
            parse.GetValue(Files)!, parse.GetValue(Out), parse.GetValue(Columns), parse.GetValue(DateFormat),
            new Thresholds(parse.GetValue(LinkThreshold), parse.GetValue(ReviewThreshold)),
            parse.GetValue(MaxBlockSize), parse.GetValue(Truth), parse.GetValue(SaveModel), parse.GetValue(Store),
            parse.GetValue(Scorer), parse.GetValue(Model))
        {
            FullExtract = parse.GetValue(FullExtract),
            MaxWithdrawnShare = parse.GetValue(MaxWithdrawnShare),
            Force = parse.GetValue(Force),
            Report = parse.GetValue(Report),
        })));
        return command;
    }

    public static int Run(LinkRequest request)
    {
        if (request.Store is { } target && StoreDelta.HoldsRecordsAsync(target).GetAwaiter().GetResult()) return IntoHeldPersons(target, request);
        if (request.FullExtract || request.MaxWithdrawnShare is not null || request.Force)
            throw new CliException("--full-extract, --max-withdrawn-share and --force apply to --store on a store that holds persons");
        var model = ScorerChoice.Resolve(request.Scorer, request.ModelPath);
        var decisions = request.Thresholds.Resolve(model);
        var problems = decisions.Validate().ToList();
        if (request.MaxBlockSize < 2) problems.Add("--max-block-size must be at least 2");
        var caps = model?.Blocking ?? new BlockCaps();
        if (request.MaxBlockSize is { } maxBlockSize) caps = caps with { MaxBlockSize = maxBlockSize };
        if (request.OutputDirectory is null && request.SaveModel is null && request.Store is null && request.Report is null)
            problems.Add("say where the result goes: --out, --store, --save-model and/or --report");
        if (problems.Count > 0) throw new CliException(string.Join(Environment.NewLine, problems));
        var columns = ColumnMapping.Parse(request.Columns);
        var totalBytes = request.Files.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        var wall = Stopwatch.StartNew();

        var (extract, records, result, timings, recordsPerSource) = new ConsoleProgress().Run(totalBytes, progress =>
        {
            var csvOnly = !request.Files.Any(ExtractReader.IsNdjson);
            using var csvHold = csvOnly ? CollectionHold.ForCsvRun(totalBytes) : null;
            progress.Stage("reading");
            var clock = Stopwatch.StartNew();
            var extract = new ExtractReader(columns).Read(request.Files, progress.BytesRead);
            using var fhirHold = csvOnly ? null : CollectionHold.AfterReading(extract.Records.Count);
            var timings = new CommandTimings { Read = clock.Elapsed.TotalSeconds };
            progress.Stage("normalising");
            clock.Restart();
            var records = extract.Normalise(request.DateFormat);
            if (request.Store is null) extract.ForgetRecords();
            timings.Normalise = clock.Elapsed.TotalSeconds;
            var settings = new LinkageSettings { Decisions = decisions, Blocking = caps };
            var output = request.OutputDirectory is { } outDir ? new LinkageOutput(outDir, records) : null;
            Action<IReadOnlyList<ScoredPair>>? writeLinks = output is null ? null : links => timings.WriteLinks = Timed(() => output.WriteLinks(links));
            var result = new Linker(settings).LinkAll(records, model is null ? null : fellegiSunter => model.ScorerFor(fellegiSunter),
                new Progress(progress.Stage), writeLinks);
            progress.Stage("writing");
            clock.Restart();
            var recordsPerSource = Summary.RecordsPerSource(records);
            var quality = request.TruthFile is null ? null : RunQuality.Measure(request.TruthFile, records, result);
            output?.Write(extract, result, Summary.Build(request, extract, records, recordsPerSource, result, settings, timings, wall, quality));
            if (request.Report is { } reportPath) LinkageReport.Write(reportPath, new LinkageReportInput(request.Files, extract, records, result, settings, quality));
            var decidedWith = request.SaveModel is null && request.Store is null ? null : ModelFile.Of(model, settings, result, request.Files);
            if (request.SaveModel is { } modelPath) ModelFile.Save(modelPath, decidedWith!);
            if (request.Store is { } storePath) StoreSeed.Write(storePath, extract, result, ModelFile.VersionOf(decidedWith!), progress.Stage);
            timings.Write = clock.Elapsed.TotalSeconds;
            return (extract, records, result, timings, recordsPerSource);
        });
        Summary.Print(extract, records.Length, recordsPerSource.Count, result, timings, wall.Elapsed.TotalSeconds, request.OutputDirectory, model?.Thresholds.TargetPrecision);
        return 0;
    }

    /// <summary>Tonight's extract into the persons a store holds: as the service decides, with the store's model.</summary>
    private static int IntoHeldPersons(string target, LinkRequest request)
    {
        var ignored = new (string Option, bool Given)[]
        {
            ("--date-format", request.DateFormat is not null), ("--link-threshold", request.Thresholds.Link is not null),
            ("--review-threshold", request.Thresholds.Review is not null), ("--scorer", request.Scorer is not null),
            ("--model", request.ModelPath is not null), ("--max-block-size", request.MaxBlockSize is not null),
            ("--truth", request.TruthFile is not null), ("--save-model", request.SaveModel is not null),
            ("--report", request.Report is not null),
        }.Where(o => o.Given).Select(o => o.Option).ToList();
        if (ignored.Count > 0)
            throw new CliException($"the store {target} holds persons, so the extract is linked into them as the service links a record, with the store's model and thresholds (and ISO birth dates): {string.Join(", ", ignored)} cannot apply");
        var missing = request.Files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0) throw new CliException(string.Join(Environment.NewLine, missing.Select(f => $"{f}: no such file")));
        var share = request.MaxWithdrawnShare ?? JobSpec.DefaultMaxWithdrawnShare;
        if (share is <= 0 or > 1) throw new CliException($"--max-withdrawn-share {share}: give a share above 0 and at most 1");
        if (request.Columns is not null) ColumnMapping.Parse(request.Columns);
        var options = new JobSpec(null, "", request.Columns, request.FullExtract, share, request.Force);
        return StoreDelta.RunAsync(target, request.Files, options, request.OutputDirectory).GetAwaiter().GetResult();
    }

    private static double Timed(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Reports stages synchronously (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}

/// <summary>Seconds spent in the stages the command runs around the engine's.</summary>
public sealed class CommandTimings
{
    public double Read { get; set; }
    public double Normalise { get; set; }
    /// <summary>Writing links.csv, which happens while the engine clusters.</summary>
    public double WriteLinks { get; set; }
    /// <summary>Writing everything else, once the engine is done.</summary>
    public double Write { get; set; }
}

/// <param name="Scorer"><c>ml</c>, <c>fs</c>, or null for the default.</param>
public sealed record LinkRequest(
    IReadOnlyList<string> Files, string? OutputDirectory, string? Columns, string? DateFormat,
    Thresholds Thresholds, int? MaxBlockSize, string? TruthFile, string? SaveModel = null, string? Store = null,
    string? Scorer = null, string? ModelPath = null)
{
    public bool FullExtract { get; init; }
    public double? MaxWithdrawnShare { get; init; }
    public bool Force { get; init; }
    /// <summary>Where to write the HTML report of the run; none when null.</summary>
    public string? Report { get; init; }
}

/// <summary>Thresholds given on the command line; the rest come from the model, or the FS defaults.</summary>
public sealed record Thresholds(double? Link = null, double? Review = null)
{
    public DecisionPolicy Resolve(LinkageModel? model)
    {
        var defaults = model?.Decisions ?? new DecisionPolicy();
        return new DecisionPolicy(Link ?? defaults.LinkThreshold, Review ?? Math.Min(defaults.ReviewThreshold, Link ?? 1));
    }
}
