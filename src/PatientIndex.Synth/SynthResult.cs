namespace PatientIndex.Synth;

/// <summary>Counts from one generation run, for a summary line.</summary>
/// <param name="Persons">Distinct people in the population.</param>
/// <param name="Records">Records written across all source files (truth.csv has one line per record).</param>
/// <param name="RecordsPerSource">Records per source, keyed by source name (<c>gp</c>, <c>hospital</c>, <c>community</c>).</param>
public sealed record SynthResult(int Persons, int Records, IReadOnlyDictionary<string, int> RecordsPerSource);
