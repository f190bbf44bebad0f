using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

/// <summary>
/// What a steward action did: the change written (its link events say who moved where), the persons
/// it touched, the merge it made (for undo), and records an undo could not put back because later
/// decisions moved them.
/// </summary>
public sealed record StewardOutcome(MembershipChange Change, IReadOnlyList<string> Persons, string? MergeId = null,
    IReadOnlyList<RecordKey>? NotRestored = null);
