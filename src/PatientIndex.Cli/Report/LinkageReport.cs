using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using PatientIndex.Cli.Output;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;
using PatientIndex.Extracts;

namespace PatientIndex.Cli.Report;

/// <summary>What a bulk run leaves for the report: the same things summary.json is made from.</summary>
/// <param name="Quality">The run against <c>--truth</c>, when given.</param>
public sealed record LinkageReportInput(
    IReadOnlyList<string> Files, Extract Extract, IReadOnlyList<NormalisedRecord> Records, LinkageResult Result,
    LinkageSettings Settings, RunQuality? Quality);

/// <summary>
/// <c>link --report report.html</c>: one self-contained page that shows a run as Splink users are used to seeing
/// one: the summary, the match-weight histogram with the thresholds, each comparison's m, u and weights, what
/// each blocking rule found and skipped, precision, recall and review load against the link threshold (with
/// <c>--truth</c>), and waterfalls of the evidence behind a sample of links, reviews and refused links.
/// Charts are inline SVG and the page has no script, so it reads offline, from a file or an e-mail. It names
/// records by source and record id only: no patient's name, birth date or NHS number appears.
/// </summary>
public static class LinkageReport
{
    /// <summary>Waterfalls drawn of each kind of decision.</summary>
    public const int SamplesPerKind = 3;

    private static readonly FluidParser Parser = new();
    private static readonly Lazy<IFluidTemplate> Template = new(() =>
    {
        using var stream = typeof(LinkageReport).Assembly.GetManifestResourceStream("PatientIndex.Cli.Report.LinkageReport.liquid")
            ?? throw new InvalidOperationException("the report template is not embedded");
        using var reader = new StreamReader(stream);
        return Parser.Parse(reader.ReadToEnd());
    });
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder().Build();
    // Every value the template prints is encoded; only the charts, made here, are printed raw. All of
    // Unicode is left readable, so an arrow or an en dash is itself, not a numeric reference.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static void Write(string path, LinkageReportInput input)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, Render(input));
    }

    public static string Render(LinkageReportInput input) =>
        Template.Value.Render(new TemplateContext(Build(input), Options), Encoder);

    private static ReportPage Build(LinkageReportInput input)
    {
        var result = input.Result;
        var decisions = input.Settings.Decisions;
        var model = result.LearntModel;
        var samples = Samples(input).ToList();
        return new ReportPage(
            Title: $"Linkage report: {string.Join(", ", input.Files.Select(Path.GetFileName))}",
            Summary: SummaryRows(input),
            Histogram: ReportCharts.Histogram(result.Weights, decisions),
            HistogramPairs: Count(result.Weights.Pairs),
            LinkWeight: Bits(MatchWeightHistogram.Weight(decisions.LinkThreshold)),
            ReviewWeight: Bits(MatchWeightHistogram.Weight(decisions.ReviewThreshold)),
            ScorerName: result.ScorerName,
            Comparisons: model is null ? [] : ComparisonSchema.Comparisons.Select((c, ci) => new ComparisonView(
                c.Name, ReportCharts.ComparisonLevels(model, ci),
                [.. c.Levels.Select((level, li) => new LevelView(level, Share(model.M[ci][li + 1]), Share(model.U[ci][li + 1]), Bits(model.Weight(ci, li + 1))))])).ToList(),
            Blocking: ReportCharts.Blocking(result.Blocking),
            Rules: [.. result.Blocking.Rules.Select(r => new RuleView(r.Rule, Count(r.Blocks), Count(r.NewPairs), Count(r.LargestBlock), Count(r.OversizedBlocks), Count(r.PairsSkipped)))],
            CandidatePairs: Count(result.Blocking.CandidatePairs),
            PairsSkipped: Count(result.Blocking.PairsSkipped),
            MaxBlockSize: Count(result.Blocking.MaxBlockSize),
            Quality: input.Quality is { } quality ? QualityOf(quality, input) : null,
            Samples: [.. samples.Select((s, i) => new SampleView(
                s.Kind.ToString().ToLowerInvariant(), s.Left, s.Right, ReportCharts.Probability(s.Probability), Bits(s.FinalWeight), s.Why,
                ReportCharts.Waterfall(s, i, decisions)))]);
    }

    private static List<SummaryRow> SummaryRows(LinkageReportInput input)
    {
        var result = input.Result;
        var extract = input.Extract;
        var decisions = input.Settings.Decisions;
        var rows = new List<SummaryRow>
        {
            new("Inputs", string.Join(", ", input.Files.Select(Path.GetFileName))),
            new("Records", $"{Count(input.Records.Count)} from {string.Join(", ", Summary.RecordsPerSource(input.Records).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {Count(s.Value)}"))}"),
            new("Rejected rows", Count(extract.Rejections.Count)),
            new("Field warnings", Count(extract.Warnings.Count)),
            new("Identical repeats", Count(extract.IdenticalRepeats)),
            new("Persons", Count(result.Persons)),
            new("Scorer", result.ScorerName),
            new("Thresholds", $"link at or above {ReportCharts.Probability(decisions.LinkThreshold)} ({Bits(MatchWeightHistogram.Weight(decisions.LinkThreshold))} bits), review at or above {ReportCharts.Probability(decisions.ReviewThreshold)} ({Bits(MatchWeightHistogram.Weight(decisions.ReviewThreshold))} bits)"),
            new("Candidate pairs", $"{Count(result.Blocking.CandidatePairs)} ({Count(result.Blocking.PairsSkipped)} skipped in blocks over {Count(result.Blocking.MaxBlockSize)} records)"),
            new("Decisions", $"link {Count(result.DecisionCounts[Decision.Link])}, review {Count(result.DecisionCounts[Decision.Review])}, no match {Count(result.DecisionCounts[Decision.NoMatch])}"),
            new("Review items", Count(result.ReviewPairs.Count)),
        };
        if (input.Quality is { } quality)
            rows.Add(new("Against the truth", $"precision {Share(quality.Metrics.Precision)}, recall {Share(quality.Metrics.Recall)}, F1 {Share(quality.Metrics.F1)}; blocking recall {Share(quality.BlockingRecall)}; twins and namesakes merged {Count(quality.Metrics.HardNegativesMerged)} of {Count(quality.Metrics.HardNegativePairs)}"));
        return rows;
    }

    private static QualityView QualityOf(RunQuality quality, LinkageReportInput input)
    {
        var decisions = input.Settings.Decisions;
        var sweep = ThresholdSweep.Of(input.Result.Links, quality.TruthOf, decisions.ReviewThreshold);
        var linkWeight = MatchWeightHistogram.Weight(decisions.LinkThreshold);
        var atLink = sweep.LastOrDefault(p => p.Weight <= linkWeight + 1e-9) ?? sweep[0];
        return new QualityView(ReportCharts.Thresholds(sweep, decisions), Share(atLink.Precision), Share(atLink.Recall), Count(atLink.Review));
    }

    /// <summary>Links that made persons, pairs left for review, and links refused for a contradiction: a few of each, spread from strongest to weakest.</summary>
    private static IEnumerable<EvidenceSample> Samples(LinkageReportInput input)
    {
        var result = input.Result;
        var records = input.Records;
        var baseline = result.LearntModel is { } model ? Math.Log2(model.MatchProbability / (1 - model.MatchProbability)) : 0;
        string Name(int record) => $"{records[record].Source}/{records[record].RecordId}";
        EvidenceSample Sample(SampleKind kind, ScoredPair pair, string why) => EvidenceSample.Of(kind, pair, Name(pair.Left), Name(pair.Right), why, baseline);

        var links = result.Links.Where(p => p.Decision == Decision.Link && result.PersonOf[p.Left] == result.PersonOf[p.Right]).ToList();
        var reviews = result.ReviewPairs.Where(r => r.Pair.Decision == Decision.Review).ToList();
        // A refused link is one the scorer decided Link that the persons could not take.
        var refusals = result.ReviewPairs.Where(r => r.Pair.Decision == Decision.Link).ToList();
        return EvidenceSample.Spread(links, SamplesPerKind).Select(p => Sample(SampleKind.Link, p, ReviewReason.Evidence(p.Comparison)))
            .Concat(EvidenceSample.Spread(reviews, SamplesPerKind).Select(r => Sample(SampleKind.Review, r.Pair, r.Reason)))
            .Concat(EvidenceSample.Spread(refusals, SamplesPerKind).Select(r => Sample(SampleKind.Refusal, r.Pair, r.Reason)));
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Share(double p) => p.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Bits(double bits) => ReportCharts.Bits(bits);
}

/// <summary>What the template reads: text already formatted, charts already drawn.</summary>
internal sealed record ReportPage(
    string Title, List<SummaryRow> Summary, string Histogram, string HistogramPairs, string LinkWeight, string ReviewWeight,
    string ScorerName, List<ComparisonView> Comparisons, string Blocking, List<RuleView> Rules, string CandidatePairs,
    string PairsSkipped, string MaxBlockSize, QualityView? Quality, List<SampleView> Samples);

internal sealed record SummaryRow(string Label, string Value);

internal sealed record ComparisonView(string Name, string Chart, List<LevelView> Levels);

internal sealed record LevelView(string Level, string M, string U, string Weight);

internal sealed record RuleView(string Rule, string Blocks, string NewPairs, string LargestBlock, string OversizedBlocks, string PairsSkipped);

internal sealed record QualityView(string Chart, string Precision, string Recall, string Review);

internal sealed record SampleView(string Kind, string Left, string Right, string Probability, string Weight, string Why, string Chart);
