using PatientIndex.Core.Blocking;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Core.Linkage;

/// <summary>Everything that shapes a linkage run, as data (it is written into summary.json).</summary>
public sealed record LinkageSettings
{
    public DecisionPolicy Decisions { get; init; } = new();
    /// <summary>Blocks larger than the cap are split by name initials; pieces still larger are skipped (and counted).</summary>
    public BlockCaps Blocking { get; init; } = new();
    /// <summary>Random record pairs compared to learn how often different people agree by chance (u).</summary>
    public int RandomPairsForU { get; init; } = 100_000;
    /// <summary>At most about this many candidate pairs are sampled for the EM sessions.</summary>
    public int PairsForEm { get; init; } = 300_000;
    public EmOptions Em { get; init; } = new();
    public double TermFrequencyScale { get; init; } = 1.0;
    public int Seed { get; init; } = 20240611;
}
