using PatientIndex.Core.Linkage;
using PatientIndex.Core.Matching;

namespace PatientIndex.Server.Matching;

/// <summary>Configuration section <c>Matching</c>: the model to load and how decisions are made.</summary>
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>Fellegi–Sunter parameters (JSON). Relative paths are tried under the working directory, then beside the server.</summary>
    public string ModelPath { get; set; } = "models/fellegi-sunter/model.json";
    public double LinkThreshold { get; set; } = 0.99;
    public double ReviewThreshold { get; set; } = 0.5;
    public int MaxBlockSize { get; set; } = 200;
    public int ScanLimit { get; set; } = 1000;
    public int CandidatesReturned { get; set; } = 5;

    public MatchingSettings ToSettings() => new()
    {
        Decisions = new DecisionPolicy(LinkThreshold, ReviewThreshold),
        Index = new CandidateIndexOptions(MaxBlockSize, ScanLimit),
        CandidatesReturned = CandidatesReturned,
    };

    public string ResolveModelPath()
    {
        if (Path.IsPathRooted(ModelPath) || File.Exists(ModelPath)) return Path.GetFullPath(ModelPath);
        return Path.Combine(AppContext.BaseDirectory, ModelPath);
    }
}
