namespace PatientIndex.Synth;

/// <summary>
/// A street in a town. Several households are placed on the same street and share its one to three
/// postcodes, as neighbours do: unrelated people at the same postcode are the commonest false lead.
/// </summary>
internal sealed class Street
{
    public Street(Town town, string name, int typeIndex, string[] postcodes, int maxNumber, string? locality)
    {
        Town = town;
        Name = name;
        TypeIndex = typeIndex;
        Postcodes = postcodes;
        MaxNumber = maxNumber;
        Locality = locality;
        FullName = name + " " + Places.StreetTypes[typeIndex].Full;
        ShortName = Places.StreetTypes[typeIndex].Short is { } abbreviation ? name + " " + abbreviation : null;
    }

    public Town Town { get; }

    /// <summary>Name without the type, e.g. "Church".</summary>
    public string Name { get; }

    /// <summary>Index into <see cref="Places.StreetTypes"/>.</summary>
    public int TypeIndex { get; }

    /// <summary>Canonical postcodes ("LS6 2AB"), one per section of the street.</summary>
    public string[] Postcodes { get; }

    public int MaxNumber { get; }

    public string? Locality { get; }

    /// <summary>"Church Road".</summary>
    public string FullName { get; }

    /// <summary>"Church Rd"; null when the type has no usual abbreviation.</summary>
    public string? ShortName { get; }
}
