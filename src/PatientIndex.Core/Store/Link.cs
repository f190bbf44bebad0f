namespace PatientIndex.Core.Store;

/// <summary>
/// A source record's membership of a person, and why it is there. <see cref="Confirmed"/> marks a
/// membership a data steward decided: automatic matching never moves such a record.
/// </summary>
public sealed record Link(
    string PersonId,
    LinkOutcome Outcome,
    double Probability,
    string Model,
    bool Confirmed,
    string? ReviewTaskId,
    DateTimeOffset LinkedAt);
