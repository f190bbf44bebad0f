namespace PatientIndex.Core.Records;

/// <summary>A field that could not be used for matching (it is blanked), and why.</summary>
public sealed record FieldProblem(CanonicalField Field, string Value, string Reason);
