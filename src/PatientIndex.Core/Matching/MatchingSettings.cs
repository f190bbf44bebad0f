using PatientIndex.Core.Blocking;
using PatientIndex.Core.Linkage;

namespace PatientIndex.Core.Matching;

/// <summary>How the service matches one record at a time: decision thresholds, index caps, how many candidates to explain.</summary>
public sealed record MatchingSettings
{
    public DecisionPolicy Decisions { get; init; } = new();
    public BlockCaps Index { get; init; } = new();
    /// <summary>Candidates returned with a decision, strongest first.</summary>
    public int CandidatesReturned { get; init; } = 5;
}
