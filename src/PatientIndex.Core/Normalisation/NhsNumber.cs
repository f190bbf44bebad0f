namespace PatientIndex.Core.Normalisation;

/// <summary>
/// NHS numbers: ten digits, the last a Modulus 11 check digit. A number that fails the check is
/// kept (it may be a one-key typo of the right number) but never trusted as proof of identity.
/// </summary>
public static class NhsNumber
{
    /// <summary>Digits only, or null when empty; <paramref name="problem"/> says why a value was unusable.</summary>
    public static string? Normalise(string? raw, out bool isValid, out string? problem)
    {
        isValid = false;
        problem = null;
        if (string.IsNullOrWhiteSpace(raw)) return null;
        Span<char> digits = stackalloc char[Math.Min(raw.Length, 32)];
        var n = 0;
        foreach (var c in raw)
        {
            if (char.IsAsciiDigit(c)) { if (n == digits.Length) break; digits[n++] = c; }
            else if (c is ' ' or '-' or '.' or '\t') continue;
            else { problem = "NHS number contains characters other than digits"; return null; }
        }
        if (n == 0) return null;
        if (IsPlaceholder(digits[..n])) { problem = "NHS number is a placeholder"; return null; }
        isValid = n == 10 && HasValidCheckDigit(digits[..n]);
        return new string(digits[..n]);
    }

    /// <summary>Modulus 11: weights 10..2 on the first nine digits; check = 11 − (sum mod 11); 11 → 0; 10 → never valid.</summary>
    public static bool HasValidCheckDigit(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 10) return false;
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            if (!char.IsAsciiDigit(digits[i])) return false;
            sum += (digits[i] - '0') * (10 - i);
        }
        var check = 11 - sum % 11;
        if (check == 11) check = 0;
        return check != 10 && check == digits[9] - '0';
    }

    private static bool IsPlaceholder(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits) if (c != digits[0]) return false;
        return true; // 0000000000, 9999999999: "not known" in many systems
    }
}
