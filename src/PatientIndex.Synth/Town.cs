namespace PatientIndex.Synth;

/// <summary>A post town: its outward postcodes, landline dialling code and the short name some systems use.</summary>
internal sealed class Town
{
    public Town(string name, string? shortName, string diallingCode, string[] outwardCodes, double weight)
    {
        Name = name;
        ShortName = shortName;
        DiallingCode = diallingCode;
        OutwardCodes = outwardCodes;
        Weight = weight;
    }

    public string Name { get; }

    /// <summary>"Hull" for Kingston upon Hull, "Stoke" for Stoke-on-Trent; null when there is none.</summary>
    public string? ShortName { get; }

    public string DiallingCode { get; }

    public string[] OutwardCodes { get; }

    /// <summary>Relative population, used when placing households.</summary>
    public double Weight { get; }
}
