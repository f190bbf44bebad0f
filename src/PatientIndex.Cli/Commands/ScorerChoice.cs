using PatientIndex.Ml;

namespace PatientIndex.Cli.Commands;

/// <summary>
/// Which scorer <c>link</c> uses: by default the trained model shipped in models/ (or the one
/// <c>--model PATH</c> names), which corrects the Fellegi–Sunter model EM learns from the input; FS
/// alone with <c>--scorer fs</c>, or when no model is shipped beside the program. Settled before any
/// input is read, so a model that does not fit the engine stops the run at once with the command that fixes it.
/// </summary>
public static class ScorerChoice
{
    public const string Ml = "ml", Fs = "fs";

    /// <summary>The ML.NET model <c>train</c> writes beside model.json.</summary>
    public const string MlNetFileName = "mlnet-model.zip";

    /// <returns>The linkage model to decide with (its trees, thresholds and block caps), or null for Fellegi–Sunter at its defaults.</returns>
    public static LinkageModel? Resolve(string? scorer, string? modelPath) => Resolve(scorer, modelPath, ShippedModelDirectory());

    /// <param name="shippedModel">The shipped model's directory, or null when none is shipped.</param>
    internal static LinkageModel? Resolve(string? scorer, string? modelPath, string? shippedModel)
    {
        if (scorer is not (null or Ml or Fs)) throw new CliException($"--scorer must be '{Ml}' or '{Fs}', not '{scorer}'");
        if (scorer == Fs) return null;
        var path = modelPath ?? shippedModel;
        if (path is null && scorer is null) return null;
        if (path is null) throw new CliException($"--scorer ml: no trained model under models/ (train one with `{MatchModel.RetrainCommand}`, or pass --model PATH)");
        LinkageModel model;
        try { model = LinkageModel.Load(path); }
        catch (ModelLoadException e) { throw new CliException(e.Message); }
        if (model.Trees is null) throw new CliException($"{path}: linkage model '{model.Id}' has no trained trees ({MatchModel.FileName}); link with --scorer fs");
        return model;
    }

    /// <summary>
    /// The shipped model: <c>models/&lt;id&gt;/model.json</c> beside an ML.NET model (so not the Fellegi–Sunter
    /// parameters in models/fellegi-sunter) in the repository this program was built from, else beside the
    /// program. With several, the last id in ordinal order.
    /// </summary>
    public static string? ShippedModelDirectory()
    {
        foreach (var models in ModelsDirectories())
        {
            if (!Directory.Exists(models)) continue;
            var found = Directory.GetDirectories(models)
                .Where(d => File.Exists(Path.Combine(d, MatchModel.FileName)) && File.Exists(Path.Combine(d, MlNetFileName)))
                .Order(StringComparer.Ordinal)
                .LastOrDefault();
            if (found is not null) return found;
        }
        return null;
    }

    private static IEnumerable<string> ModelsDirectories()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PatientIndex.sln")))
            {
                yield return Path.Combine(dir.FullName, "models");
                break;
            }
        yield return Path.Combine(AppContext.BaseDirectory, "models");
    }
}
