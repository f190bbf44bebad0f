namespace PatientIndex.Core.Stewardship;

/// <summary>Where a record goes when a steward takes it out of its person.</summary>
public enum UnlinkMode
{
    /// <summary>A new person of its own.</summary>
    OwnPerson,
    /// <summary>Matched again against every other person (not the one it left).</summary>
    Rematch,
}
