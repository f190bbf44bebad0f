using PatientIndex.Core.Linkage;
using PatientIndex.Core.Scoring;
using PatientIndex.Ml;

namespace PatientIndex.Cli.Output;

/// <summary>
/// <c>--save-model DIR</c>: the linkage model the run decided with, as a directory the server loads: the
/// Fellegi–Sunter parameters EM learnt from these extracts (with where they were learnt), the trees it
/// corrected them with, and the thresholds and block caps the run used.
/// </summary>
public static class ModelFile
{
    public static void Save(string directory, LinkageModel? model, LinkageSettings settings, LinkageResult result, IReadOnlyList<string> inputs)
    {
        var learnt = result.LearntModel ?? throw new CliException("no model was learnt by this run, so there is nothing to save");
        if (File.Exists(directory)) throw new CliException($"--save-model {directory}: a file is there; name a directory to write the linkage model into");
        var provenance = new ModelProvenance(
            string.Join(" ", inputs.Select(Path.GetFileName)), result.PersonOf.Length, result.CandidatePairs.Length,
            result.EmSessions.Sum(s => s.Iterations), DateTimeOffset.UtcNow);
        var thresholds = new ModelThresholds(settings.Decisions.LinkThreshold, settings.Decisions.ReviewThreshold,
            model?.Thresholds.TargetPrecision, model?.Thresholds.TargetRecall);
        var saved = model ?? new LinkageModel { Id = learnt.Name, Thresholds = thresholds };
        saved = saved.WithFellegiSunter(learnt, provenance) with { Thresholds = thresholds, Blocking = settings.Blocking };
        saved.Save(directory);
    }
}
