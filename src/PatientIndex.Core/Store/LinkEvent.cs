namespace PatientIndex.Core.Store;

/// <summary>
/// One append-only entry in the audit of membership: what happened to which record, when, why, and
/// on what evidence (the model and its probability). <see cref="EventId"/> is 0 until stored.
/// </summary>
public sealed record LinkEvent(
    long EventId,
    DateTimeOffset At,
    LinkEventKind Kind,
    RecordKey Record,
    string? FromPersonId,
    string? ToPersonId,
    string Reason,
    string? Model,
    double? Probability,
    string Actor);
