namespace PatientIndex.Synth;

/// <summary>How each source writes an 11-digit UK number: spaced by area code, bare, or international.</summary>
internal static class PhoneFormats
{
    public static string Gp(string digits, Random random) =>
        random.NextDouble() < 0.85 ? Spaced(digits) : digits;

    public static string Hospital(string digits, Random random) =>
        random.NextDouble() switch
        {
            < 0.7 => digits,
            < 0.85 => "+44" + digits[1..],
            _ => Spaced(digits),
        };

    public static string Community(string digits, Random random) =>
        random.NextDouble() switch
        {
            < 0.4 => Spaced(digits),
            < 0.6 => digits,
            < 0.75 => "+44 " + Spaced(digits)[1..],
            < 0.9 => "(" + digits[..CodeLength(digits)] + ") " + digits[CodeLength(digits)..],
            _ => digits[..5] + "-" + digits[5..],
        };

    /// <summary>"07700 900123", "0113 496 0000", "020 7946 0000", "01274 123456".</summary>
    public static string Spaced(string digits)
    {
        var code = CodeLength(digits);
        var local = digits[code..];
        return code switch
        {
            3 => digits[..3] + " " + local[..4] + " " + local[4..],
            4 => digits[..4] + " " + local[..3] + " " + local[3..],
            _ => digits[..5] + " " + local,
        };
    }

    private static int CodeLength(string digits)
    {
        if (digits[1] == '2') return 3;
        if (digits[1] == '1' && (digits[2] == '1' || digits[3] == '1')) return 4;
        return 5;
    }
}
