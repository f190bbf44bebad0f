namespace PatientIndex.Core.Blocking;

/// <summary>Two records (by index, Left &lt; Right) that blocking says should be compared, and the rule that found them first.</summary>
public readonly record struct CandidatePair(int Left, int Right, byte Rule);
