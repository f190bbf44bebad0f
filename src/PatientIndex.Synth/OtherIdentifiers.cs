namespace PatientIndex.Synth;

/// <summary>National Insurance numbers and UK phone numbers.</summary>
internal static class OtherIdentifiers
{
    // NI prefixes never use D, F, I, Q, U or V; the second letter is never O either.
    private const string NiFirstLetters = "ABCEGHJKLMNOPRSTWXYZ";
    private const string NiSecondLetters = "ABCEGHJKLMNPRSTWXYZ";
    private const string NiUnusedPrefixes = "BG GB KN NK NT TN ZZ";

    // Mobile numbers start 071-075 and 077-079.
    private static readonly char[] MobileThirdDigits = ['1', '3', '4', '5', '7', '7', '8', '9'];

    public static string NiNumber(Random random)
    {
        Span<char> chars = stackalloc char[9];
        do
        {
            chars[0] = NiFirstLetters[random.Next(NiFirstLetters.Length)];
            chars[1] = NiSecondLetters[random.Next(NiSecondLetters.Length)];
        }
        while (NiUnusedPrefixes.AsSpan().IndexOf(chars[..2]) >= 0);
        WriteDigits(chars[2..8], random.Next(1_000_000));
        chars[8] = (char)('A' + random.Next(4));
        return new string(chars);
    }

    public static string Mobile(Random random)
    {
        Span<char> chars = stackalloc char[11];
        chars[0] = '0';
        chars[1] = '7';
        chars[2] = MobileThirdDigits[random.Next(MobileThirdDigits.Length)];
        WriteDigits(chars[3..], random.Next(100_000_000));
        return new string(chars);
    }

    /// <summary>An 11-digit landline in the town's dialling code (local numbers never start 0 or 1).</summary>
    public static string Landline(Town town, Random random)
    {
        Span<char> chars = stackalloc char[11];
        town.DiallingCode.AsSpan().CopyTo(chars);
        var i = town.DiallingCode.Length;
        chars[i++] = town.DiallingCode == "020" ? (random.Next(2) == 0 ? '7' : '8') : (char)('2' + random.Next(8));
        WriteDigits(chars[i..], random.Next(10_000_000));
        return new string(chars);
    }

    /// <summary>Writes <paramref name="value"/> zero-padded into all of <paramref name="digits"/> (one random draw, not one per digit).</summary>
    private static void WriteDigits(Span<char> digits, int value)
    {
        for (var i = digits.Length - 1; i >= 0; i--, value /= 10)
            digits[i] = (char)('0' + value % 10);
    }
}
