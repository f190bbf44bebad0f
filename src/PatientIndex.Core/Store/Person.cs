namespace PatientIndex.Core.Store;

/// <summary>An enterprise identity and the source records linked to it (its cross-reference).</summary>
public sealed record Person(string PersonId, DateTimeOffset CreatedAt, IReadOnlyList<StoredRecord> Records);
