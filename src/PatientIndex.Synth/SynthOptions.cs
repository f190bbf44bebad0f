namespace PatientIndex.Synth;

/// <summary>What to generate: how many people, from which seed, and where to write the extracts.</summary>
/// <param name="Persons">Number of distinct people in the underlying population (each appears in at least one source).</param>
/// <param name="Seed">Seed for <see cref="System.Random"/>; the same options always write byte-identical files.</param>
/// <param name="OutputDirectory">Directory for <c>gp.csv</c>, <c>hospital.csv</c>, <c>community.csv</c> and <c>truth.csv</c>; created if absent.</param>
public sealed record SynthOptions(int Persons, int Seed, string OutputDirectory);
