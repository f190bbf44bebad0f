using PatientIndex.Core.Linkage;
using PatientIndex.Core.Scoring;
using PatientIndex.Core.Store;
using PatientIndex.Ml;

namespace PatientIndex.Cli.Output;

/// <summary>
/// <c>--save-model DIR</c>: the linkage model the run decided with, as a directory the server loads: the
/// Fellegi–Sunter parameters EM learnt from these extracts (with where they were learnt), the trees it
/// corrected them with, and the thresholds and block caps the run used.
/// </summary>
public static class ModelFile
{
    public static void Save(string directory, LinkageModel decidedWith)
    {
        if (File.Exists(directory)) throw new CliException($"--save-model {directory}: a file is there; name a directory to write the linkage model into");
        decidedWith.Save(directory);
    }

    /// <summary>The linkage model the run decided with: its trees (if any), thresholds and caps, over the parameters EM learnt.</summary>
    public static LinkageModel Of(LinkageModel? model, LinkageSettings settings, LinkageResult result, IReadOnlyList<string> inputs)
    {
        var learnt = result.LearntModel ?? throw new CliException("no model was learnt by this run, so there is nothing to save");
        var provenance = new ModelProvenance(
            string.Join(" ", inputs.Select(Path.GetFileName)), result.PersonOf.Length, result.CandidatePairs.Length,
            result.EmSessions.Sum(s => s.Iterations), DateTimeOffset.UtcNow);
        var thresholds = new ModelThresholds(settings.Decisions.LinkThreshold, settings.Decisions.ReviewThreshold,
            model?.Thresholds.TargetPrecision, model?.Thresholds.TargetRecall, model?.Thresholds.TargetReviewShare);
        var saved = model ?? new LinkageModel { Id = learnt.Name, Thresholds = thresholds };
        return saved.WithFellegiSunter(learnt, provenance) with { Thresholds = thresholds, Blocking = settings.Blocking };
    }

    /// <summary>The run's model as the version a store it seeds keeps: the service goes on deciding with what the store was linked by.</summary>
    public static ModelVersion VersionOf(LinkageModel model) =>
        new(model.Version, DateTimeOffset.UtcNow, "link", model.Provenance?.Records ?? 0, FellegiSunterParameters.ToJson(model.FellegiSunter!, model.Provenance));
}
