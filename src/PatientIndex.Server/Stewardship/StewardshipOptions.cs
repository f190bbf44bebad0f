namespace PatientIndex.Server.Stewardship;

/// <summary>The steward workbench's settings (section <c>Stewardship</c>).</summary>
public sealed class StewardshipOptions
{
    public const string Section = "Stewardship";

    /// <summary>How long opening a task holds it for the steward, shown as held to the others; opening it again renews the hold.</summary>
    public double ClaimMinutes { get; set; } = 15;
}
