namespace PatientIndex.Core.Comparisons;

/// <summary>The parts of two birth dates that agree.</summary>
[Flags]
public enum DobParts : byte
{
    None = 0,
    Year = 1,
    Month = 2,
    Day = 4,
}
