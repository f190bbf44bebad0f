using System.Diagnostics;
using PatientIndex.Cli.Commands;
using PatientIndex.Extracts;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;

namespace PatientIndex.Cli.Output;

/// <summary>The run summary: written to summary.json, and the headline printed to the console.</summary>
public static class Summary
{
    public static object Build(LinkRequest request, Extract extract, IReadOnlyList<NormalisedRecord> records,
        IReadOnlyDictionary<string, int> recordsPerSource, LinkageResult result,
        LinkageSettings settings, CommandTimings timings, Stopwatch wall, RunQuality? quality)
    {
        var model = result.LearntModel;
        return new
        {
            Inputs = request.Files,
            Records = records.Count,
            Sources = recordsPerSource,
            Persons = result.Persons,
            Rejected = extract.Rejections.Count,
            Warnings = extract.Warnings.Count,
            IdenticalRepeats = extract.IdenticalRepeats,
            Files = extract.Files.All.Select(f => new { f.File, Rows = f.RowsRead, f.Accepted, f.Rejected, f.IdenticalRepeats }),
            Scorer = result.ScorerName,
            Decisions = result.DecisionCounts.ToDictionary(d => d.Key.ToString().ToLowerInvariant(), d => d.Value),
            ReviewItems = result.ReviewPairs.Count,
            Estimates = Estimates(RunEstimates.Of(result)),
            Thresholds = new { link = settings.Decisions.LinkThreshold, review = settings.Decisions.ReviewThreshold },
            Blocking = result.Blocking,
            TimingsSeconds = new Dictionary<string, double>(result.StageSeconds) { ["read"] = timings.Read, ["normalise"] = timings.Normalise, ["write_links_while_clustering"] = timings.WriteLinks, ["total_before_write"] = wall.Elapsed.TotalSeconds },
            LearntParameters = model is null ? null : new
            {
                MatchProbability = model.MatchProbability,
                EmSessions = result.EmSessions,
                Comparisons = ComparisonSchema.Comparisons.Select((c, ci) => new
                {
                    c.Name,
                    Levels = c.Levels.Select((level, li) => new
                    {
                        Level = level,
                        M = model.M[ci][li + 1],
                        U = model.U[ci][li + 1],
                        MatchWeight = model.Weight(ci, li + 1),
                    }),
                }),
            },
            Quality = quality is null ? null : new
            {
                quality.BlockingRecall,
                quality.Metrics.Precision,
                quality.Metrics.Recall,
                quality.Metrics.F1,
                quality.Metrics.TruePairs,
                quality.Metrics.PredictedPairs,
                quality.Metrics.HardNegativePairs,
                quality.Metrics.HardNegativesMerged,
                Calibration = new
                {
                    quality.ExpectedCalibrationError,
                    Bands = quality.Reliability.Select(b => new { b.From, b.To, b.Pairs, b.MeanPredicted, b.Observed }),
                },
            },
        };
    }

    private static object Estimates(RunEstimates e) => new
    {
        e.LinkPrecision,
        e.ExpectedWrongLinks,
        e.ReviewTrueShare,
        e.ExpectedMatchesInReview,
        e.RecallAmongCandidates,
    };

    public static Dictionary<string, int> RecordsPerSource(IReadOnlyList<NormalisedRecord> records)
    {
        var counts = new Dictionary<string, int>();
        foreach (var record in records) System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, record.Source, out _)++;
        return counts;
    }

    /// <param name="targetPrecision">The precision the model's link threshold was chosen for; a run whose own estimate falls short says so.</param>
    public static void Print(Extract extract, int records, int sources, LinkageResult result, CommandTimings timings, double wallSeconds, string? outDir, double? targetPrecision)
    {
        var b = result.Blocking;
        Console.WriteLine($"records            {records:N0} from {sources} source(s); {extract.Rejections.Count:N0} rejected, {extract.Warnings.Count:N0} field warnings");
        Console.WriteLine($"candidate pairs    {b.CandidatePairs:N0} ({b.PairsSkipped:N0} skipped in over-large blocks, cap {b.MaxBlockSize})");
        foreach (var block in b.LargestBlocks.Take(3)) Console.WriteLine($"  largest block    {block.Size,6:N0}  {block.Rule}  e.g. {block.Example}");
        Console.WriteLine($"scorer             {result.ScorerName}");
        Console.WriteLine($"decisions          link {result.DecisionCounts[Decision.Link]:N0}, review {result.DecisionCounts[Decision.Review]:N0}, no match {result.DecisionCounts[Decision.NoMatch]:N0}");
        Console.WriteLine($"persons            {result.Persons:N0}; review items {result.ReviewPairs.Count:N0}");
        var estimates = RunEstimates.Of(result);
        Console.WriteLine($"estimated          link precision {estimates.LinkPrecision:0.0000} ({estimates.ExpectedWrongLinks:N1} of {estimates.LinkPairs:N0} link pairs two people), " +
            $"review pairs {estimates.ReviewTrueShare:P0} one person, recall among candidates {estimates.RecallAmongCandidates:0.000} (from the probabilities alone)");
        if (targetPrecision is { } target && estimates.LinkPrecision < target)
            Console.WriteLine($"warning            the probabilities put this run's link precision below the {target} its threshold was chosen for: " +
                "look at the links just above the threshold (links.csv) or raise --link-threshold");
        var stages = string.Join(", ", result.StageSeconds.Select(s => $"{s.Key} {s.Value:0.00}s"));
        Console.WriteLine($"time               {wallSeconds:0.00}s (read {timings.Read:0.00}s, normalise {timings.Normalise:0.00}s, {stages} (links written meanwhile in {timings.WriteLinks:0.00}s), write {timings.Write:0.00}s)");
        if (outDir is not null) Console.WriteLine($"output             {outDir}");
    }
}
