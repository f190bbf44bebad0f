namespace PatientIndex.Server.Stewardship;

public enum Agreement
{
    /// <summary>One of the two has no value: nothing to compare.</summary>
    Unknown,
    Same,
    Differs,
}

/// <summary>Whether two values of a field agree, ignoring case, spacing and punctuation.</summary>
public static class FieldAgreement
{
    public static Agreement Of(string? a, string? b) =>
        string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b) ? Agreement.Unknown
        : Folded(a) == Folded(b) ? Agreement.Same : Agreement.Differs;

    /// <summary>An NHS number shown by its last four digits only: enough to compare two at a glance, not to read one off the screen.</summary>
    public static string MaskedNhsNumber(string? nhsNumber)
    {
        var digits = new string((nhsNumber ?? "").Where(char.IsDigit).ToArray());
        return digits.Length == 0 ? "" : digits.Length <= 4 ? "•••" : $"••• ••• {digits[^4..]}";
    }

    private static string Folded(string value) => new(value.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
}
