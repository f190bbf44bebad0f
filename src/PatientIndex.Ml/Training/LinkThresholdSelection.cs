using PatientIndex.Core.Linkage;
using PatientIndex.Ml;
using PatientIndex.Ml.Training;

namespace PatientIndex.Ml.Training;

/// <summary>
/// Chooses the auto-link threshold by linking the plan's selection datasets (never trained on,
/// calibrated on or reported as judges) with the model at each threshold to try, lowest first: the
/// first at which every run keeps the target precision ships; if none does, the most cautious tried.
/// </summary>
public sealed class LinkThresholdSelection(IReadOnlyList<DatasetSpec> specs, string planDirectory, string scratch, LinkageSettings settings, TextWriter log)
    : ILinkThresholdSelection
{
    private List<TrainingDataset>? _datasets;
    private readonly Dictionary<string, List<LinkThresholdTrial>> _trials = [];

    /// <summary>The runs made for the model with this id, in the order they were made.</summary>
    public IReadOnlyList<LinkThresholdTrial> TrialsOf(string modelId) => _trials.GetValueOrDefault(modelId) ?? [];

    public double? Choose(MatchModel model, TrainerOptions options)
    {
        var datasets = _datasets ??= Load();
        var tries = options.LinkThresholdsToTry.Where(t => t >= model.Thresholds!.Link).Order().ToList();
        if (datasets.Count == 0 || tries.Count == 0) return null;
        var trials = _trials[model.Id] = [];
        foreach (var threshold in tries)
        {
            var decisions = settings with { Decisions = new DecisionPolicy(threshold, Math.Min(model.Thresholds!.Review, threshold)) };
            var runs = datasets.SelectMany(d => d.Variants().Select(v =>
                new LinkThresholdTrial(threshold, v.NameOf(d.Spec.Name), d.Evaluate(v, decisions, fs => new MlMatchScorer(model, fs))))).ToList();
            trials.AddRange(runs);
            log.WriteLine($"  auto-link at {threshold}: " + string.Join("; ", runs.Select(r => $"{r.Dataset} P {r.Metrics.Precision:0.0000} R {r.Metrics.Recall:0.0000}")));
            if (runs.All(r => r.Metrics.Precision >= options.TargetPrecision)) return threshold;
        }
        return tries[^1];
    }

    private List<TrainingDataset> Load()
    {
        var loaded = new List<TrainingDataset>();
        foreach (var spec in specs)
        {
            if (TrainingDataset.Load(spec, planDirectory, Path.Combine(scratch, "selection"), out var missing) is { } dataset) loaded.Add(dataset);
            else log.WriteLine($"skipping selection on {spec.Name}: {missing} not found");
        }
        return loaded;
    }
}
