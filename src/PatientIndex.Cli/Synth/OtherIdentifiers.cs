namespace PatientIndex.Cli.Synth;

/// <summary>National Insurance numbers and UK phone numbers.</summary>
internal static class OtherIdentifiers
{
    // NI prefixes never use D, F, I, Q, U or V; the second letter is never O either.
    private const string NiFirstLetters = "ABCEGHJKLMNOPRSTWXYZ";
    private const string NiSecondLetters = "ABCEGHJKLMNPRSTWXYZ";
    private static readonly string[] NiUnusedPrefixes = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"];

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
        while (Array.IndexOf(NiUnusedPrefixes, new string(chars[..2])) >= 0);
        for (var i = 2; i < 8; i++)
            chars[i] = (char)('0' + random.Next(10));
        chars[8] = (char)('A' + random.Next(4));
        return new string(chars);
    }

    public static string Mobile(Random random)
    {
        Span<char> chars = stackalloc char[11];
        chars[0] = '0';
        chars[1] = '7';
        chars[2] = MobileThirdDigits[random.Next(MobileThirdDigits.Length)];
        for (var i = 3; i < 11; i++)
            chars[i] = (char)('0' + random.Next(10));
        return new string(chars);
    }

    /// <summary>An 11-digit landline in the town's dialling code (local numbers never start 0 or 1).</summary>
    public static string Landline(Town town, Random random)
    {
        Span<char> chars = stackalloc char[11];
        town.DiallingCode.AsSpan().CopyTo(chars);
        var i = town.DiallingCode.Length;
        chars[i++] = town.DiallingCode == "020" ? (random.Next(2) == 0 ? '7' : '8') : (char)('2' + random.Next(8));
        for (; i < 11; i++)
            chars[i] = (char)('0' + random.Next(10));
        return new string(chars);
    }
}
