namespace PatientIndex.Synth;

/// <summary>
/// NHS numbers: ten digits, the last a Modulus 11 check digit over the first nine (weights 10 down to 2,
/// check = 11 - sum mod 11, where 11 becomes 0 and 10 means the nine digits cannot be issued).
/// </summary>
internal static class NhsNumbers
{
    // England and Wales issue from the 4xx and 6xx-7xx ranges.
    private static readonly char[] LeadingDigits = ['4', '4', '6', '7'];

    public static string NewValid(Random random)
    {
        Span<char> digits = stackalloc char[10];
        while (true)
        {
            digits[0] = LeadingDigits[random.Next(LeadingDigits.Length)];
            var rest = random.Next(100_000_000);
            for (var i = 8; i >= 1; i--, rest /= 10)
                digits[i] = (char)('0' + rest % 10);
            var check = CheckDigit(digits[..9]);
            if (check < 0) continue;
            digits[9] = (char)('0' + check);
            return new string(digits);
        }
    }

    /// <summary>The check digit for nine digits, or -1 when no valid number starts with them.</summary>
    public static int CheckDigit(ReadOnlySpan<char> nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
            sum += (nineDigits[i] - '0') * (10 - i);
        var check = 11 - sum % 11;
        return check switch
        {
            11 => 0,
            10 => -1,
            _ => check,
        };
    }

    public static bool IsValid(string value)
    {
        if (value.Length != 10) return false;
        foreach (var c in value)
            if (c is < '0' or > '9') return false;
        return CheckDigit(value.AsSpan(0, 9)) == value[9] - '0';
    }

    /// <summary>
    /// A keying error: one digit changed, or two neighbours swapped. Modulus 11 catches both kinds,
    /// which is why the check digit exists; the engine should notice rather than trust the number.
    /// </summary>
    public static string Mistype(string nhsNumber, Random random)
    {
        var chars = nhsNumber.ToCharArray();
        if (random.NextDouble() < 0.6)
        {
            var position = random.Next(chars.Length);
            chars[position] = (char)('0' + (chars[position] - '0' + 1 + random.Next(9)) % 10);
            return new string(chars);
        }
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var position = random.Next(chars.Length - 1);
            if (chars[position] == chars[position + 1]) continue;
            (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
            return new string(chars);
        }
        chars[0] = chars[0] == '4' ? '9' : '4';
        return new string(chars);
    }
}
