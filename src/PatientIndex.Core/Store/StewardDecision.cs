namespace PatientIndex.Core.Store;

/// <summary>
/// A steward's verdict on a pair of source records, append-only. The latest decision on a pair is
/// the one in force, so a later <see cref="StewardVerdict.SamePerson"/> retracts a
/// <see cref="StewardVerdict.DifferentPersons"/> assertion. These are also the labelled pairs a
/// model learns from.
/// </summary>
public sealed record StewardDecision(
    string DecisionId,
    DateTimeOffset At,
    string Actor,
    StewardVerdict Verdict,
    RecordKey Left,
    RecordKey Right,
    string Reason,
    string? TaskId);
