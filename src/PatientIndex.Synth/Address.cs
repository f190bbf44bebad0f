namespace PatientIndex.Synth;

/// <summary>A household's address in canonical form; sources render it in their own styles.</summary>
internal sealed class Address
{
    public required Street Street { get; init; }

    /// <summary>"12" or "12A"; null when the house has only a name.</summary>
    public string? Number { get; init; }

    public string? HouseName { get; init; }

    /// <summary>"4" for Flat 4; null for a house.</summary>
    public string? Flat { get; init; }

    /// <summary>"Nelson Court" when the flat is in a named block; the block stands at <see cref="Number"/>.</summary>
    public string? Block { get; init; }

    public required string Postcode { get; init; }

    public Town Town => Street.Town;
}
