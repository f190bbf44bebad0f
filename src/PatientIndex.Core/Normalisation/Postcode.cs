namespace PatientIndex.Core.Normalisation;

/// <summary>
/// A postal code. UK postcodes are put in canonical <c>AA9A 9AA</c> form, which gives their
/// hierarchy: area (<c>SW</c>), district (<c>SW1A</c>), sector (<c>SW1A 1</c>), unit (the whole code).
/// Anything else (an overseas code, FEBRL's four digits) is kept as a plain upper-case string.
/// </summary>
public sealed record Postcode(string Value, bool IsUk, string Area, string District, string Sector)
{
    public static Postcode? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        Span<char> compact = stackalloc char[Math.Min(raw.Length, 16)];
        var n = 0;
        foreach (var c in raw)
        {
            if (!char.IsAsciiLetterOrDigit(c)) continue;
            if (n == compact.Length) break;
            compact[n++] = char.ToUpperInvariant(c);
        }
        if (n == 0) return null;
        var text = compact[..n];
        return IsUkShape(text) ? Uk(text) : new Postcode(new string(text), false, "", "", "");
    }

    private static Postcode Uk(ReadOnlySpan<char> compact)
    {
        var outward = new string(compact[..^3]);
        var inward = compact[^3..];
        var areaLength = char.IsAsciiLetter(outward[1]) ? 2 : 1;
        return new Postcode(
            Value: $"{outward} {inward}",
            IsUk: true,
            Area: outward[..areaLength],
            District: outward,
            Sector: $"{outward} {inward[0]}");
    }

    /// <summary>Outward code A9, A99, AA9, AA99, A9A or AA9A; inward code 9AA.</summary>
    private static bool IsUkShape(ReadOnlySpan<char> s)
    {
        if (s.Length is < 5 or > 7) return false;
        var inward = s[^3..];
        if (!char.IsAsciiDigit(inward[0]) || !char.IsAsciiLetter(inward[1]) || !char.IsAsciiLetter(inward[2])) return false;
        var outward = s[..^3];
        if (!char.IsAsciiLetter(outward[0])) return false;
        var letters = char.IsAsciiLetter(outward[1]) ? 2 : 1;
        var rest = outward[letters..];
        if (rest.Length is 0 or > 2 || !char.IsAsciiDigit(rest[0])) return false;
        return rest.Length == 1 || char.IsAsciiLetterOrDigit(rest[1]);
    }
}
