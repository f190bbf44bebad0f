namespace PatientIndex.Server.Matching;

/// <summary>
/// Configuration section <c>Matching</c>: which linkage model decides, and how many candidates an answer
/// explains. The thresholds and block caps are the model's own (its <c>linkage.json</c>), as bulk
/// <c>link</c> reads them, so they are not set here.
/// </summary>
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>A linkage model directory (<c>link --save-model</c> writes one). Relative paths are tried under the working directory, then beside the server.</summary>
    public string Model { get; set; } = "models/match-v2";
    public int CandidatesReturned { get; set; } = 5;

    /// <summary>A store with no model version of its own but at least this many records is learnt from at start.</summary>
    public int LearnAtStartFrom { get; set; } = 10_000;

    public string ResolveModelPath()
    {
        if (Path.IsPathRooted(Model) || Directory.Exists(Model) || File.Exists(Model)) return Path.GetFullPath(Model);
        return Path.Combine(AppContext.BaseDirectory, Model);
    }
}
