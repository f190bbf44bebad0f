namespace PatientIndex.Core.Store;

/// <summary>How a source record came to be in its person when it was last matched.</summary>
public enum LinkOutcome
{
    /// <summary>Linked automatically to an existing person.</summary>
    Linked,
    /// <summary>Nothing matched: the record is a person of its own.</summary>
    NewPerson,
    /// <summary>Uncertain: the record is kept apart and a review task is open for a steward.</summary>
    Review,
}
