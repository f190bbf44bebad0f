namespace PatientIndex.Core.Blocking;

/// <summary>What blocking did: how many pairs each rule found, how big blocks got, what was skipped.</summary>
public sealed record BlockingSummary(
    long CandidatePairs,
    long PairsSkipped,
    int MaxBlockSize,
    IReadOnlyList<RuleSummary> Rules,
    IReadOnlyList<LargeBlock> LargestBlocks);

/// <param name="NewPairs">Pairs this rule found that no earlier rule had found.</param>
public sealed record RuleSummary(string Rule, int Blocks, long NewPairs, int LargestBlock, int OversizedBlocks, long PairsSkipped);

public sealed record LargeBlock(string Rule, int Size, string Example);
