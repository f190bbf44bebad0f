namespace PatientIndex.Synth;

/// <summary>People who live at one address. A single person is a household of one.</summary>
internal sealed class Household
{
    public required Address Address { get; init; }

    /// <summary>Where the household lived before it moved; sources that have not caught up still hold it.</summary>
    public Address? PreviousAddress { get; init; }

    /// <summary>Home landline as 11 digits, shared by everyone in the household; null when there is none.</summary>
    public string? Landline { get; init; }

    public required Culture Culture { get; init; }
}
