using PatientIndex.Core.Linkage;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Cli.Output;

/// <summary><c>--save-model</c>: the EM-learnt parameters as JSON, with where they were learnt.</summary>
public static class ModelFile
{
    public static void Save(string path, LinkageResult result, IReadOnlyList<string> inputs)
    {
        var model = result.LearntModel ?? throw new CliException("no model was learnt by this run, so there is nothing to save");
        var provenance = new ModelProvenance(
            string.Join(" ", inputs.Select(Path.GetFileName)), result.PersonOf.Length, result.CandidatePairs.Length,
            result.EmSessions.Sum(s => s.Iterations), DateTimeOffset.UtcNow);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, FellegiSunterParameters.ToJson(model, provenance) + Environment.NewLine);
    }
}
