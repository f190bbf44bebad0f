namespace PatientIndex.Core.Store;

/// <summary>What a data steward said about two source records.</summary>
public enum StewardVerdict
{
    SamePerson,
    /// <summary>An assertion: automatic linking never puts the two records in one person.</summary>
    DifferentPersons,
}
