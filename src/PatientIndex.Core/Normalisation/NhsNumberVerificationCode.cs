namespace PatientIndex.Core.Normalisation;

/// <summary>
/// The NHS Number Verification Status a source records beside the number (NHS Data Dictionary; UK Core's
/// Extension-UKCore-NHSNumberVerificationStatus). Only 01 says the number was traced against the national
/// demographics service and verified; 02–08 say it was not, or not yet, so it may be another person's.
/// </summary>
public static class NhsNumberVerificationCode
{
    public const string Verified = "01";

    // Shared instances: a million records hold eight strings, not a million.
    private static readonly string[] Codes = ["01", "02", "03", "04", "05", "06", "07", "08"];

    /// <summary>The two-digit code ("1" is read as "01"), or null when empty or not a code; <paramref name="problem"/> says which.</summary>
    public static string? Normalise(string? raw, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.AsSpan().Trim();
        if (text.Length == 2 && text[0] == '0') text = text[1..];
        if (text.Length == 1 && text[0] is >= '1' and <= '8') return Codes[text[0] - '1'];
        problem = "NHS number verification status is not a code from 01 to 08";
        return null;
    }
}
