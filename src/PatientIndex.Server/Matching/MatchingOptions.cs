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
    public string Model { get; set; } = "models/match-v3";
    public int CandidatesReturned { get; set; } = 5;

    /// <summary>
    /// The most candidates any one call returns (<c>Match</c>'s <c>top_k</c>, <c>MatchAndLink</c>'s
    /// <c>max_candidates</c>, FHIR <c>$match</c>'s <c>count</c>): a request asking for more is refused, naming
    /// the field, so a client learns the limit instead of silently getting fewer. <see cref="CandidatesReturned"/>
    /// is clipped to it.
    /// </summary>
    public int MaxCandidatesPerCall { get; set; } = 100;

    /// <summary>The candidates a <c>MatchAndLink</c> answer explains when the request does not say.</summary>
    public int DefaultCandidatesReturned => Math.Min(CandidatesReturned, MaxCandidatesPerCall);

    /// <summary>A store with no model version of its own but at least this many records is learnt from at start.</summary>
    public int LearnAtStartFrom { get; set; } = 10_000;

    public string ResolveModelPath()
    {
        if (Path.IsPathRooted(Model) || Directory.Exists(Model) || File.Exists(Model)) return Path.GetFullPath(Model);
        return Path.Combine(AppContext.BaseDirectory, Model);
    }
}
