namespace PatientIndex.Synth;

/// <summary>
/// Keying errors of the kinds clerks make: a neighbouring key, a dropped or doubled letter, two letters
/// swapped, or a spelling that sounds the same.
/// </summary>
internal static class Typos
{
    private static readonly string[] QwertyNeighbours =
    [
        "qwsz", "vghn", "xdfv", "serfcx", "wrds", "drtgvc", "ftyhbv", "gyujnb", "uojk", "huikmn", "jiolm",
        "kop", "njk", "bhjm", "ipkl", "ol", "wa", "etdf", "awedxz", "ryfg", "yihj", "cfgb", "qeas", "zsdc",
        "tugh", "asx",
    ];

    // Sound-alike spellings, each way round.
    private static readonly (string From, string To)[] Phonetic =
    [
        ("ph", "f"), ("f", "ph"), ("ck", "k"), ("k", "ck"), ("ie", "y"), ("y", "ie"), ("ey", "y"), ("ee", "i"),
        ("ou", "ow"), ("ow", "ou"), ("ai", "ay"), ("ay", "ai"), ("th", "t"), ("c", "k"), ("s", "z"), ("z", "s"),
        ("ll", "l"), ("nn", "n"), ("tt", "t"), ("ss", "s"), ("mm", "m"), ("rr", "r"), ("ei", "ie"), ("ie", "ei"),
    ];

    private const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    /// <summary>One error in a name. Names of one or two letters, and non-letters, are left alone.</summary>
    public static string Name(string name, Random random)
    {
        if (name.Length < 3) return name;
        var chars = name.ToCharArray();
        var roll = random.NextDouble();
        if (roll < 0.1 && TryPhonetic(name, random, out var phonetic)) return phonetic;

        // Positions holding a letter; leave the first letter alone more often than not, as real typos do.
        var position = PickLetter(chars, random, avoidFirst: random.NextDouble() < 0.7);
        if (position < 0) return name;
        var c = chars[position];
        var upper = char.IsUpper(c);
        var lower = char.ToLowerInvariant(c);

        if (roll < 0.35)
        {
            // Delete a letter.
            return name.Remove(position, 1);
        }
        if (roll < 0.6)
        {
            // Substitute with a neighbouring key.
            var replacement = Neighbour(lower, random);
            chars[position] = upper ? char.ToUpperInvariant(replacement) : replacement;
            return new string(chars);
        }
        if (roll < 0.8)
        {
            // Transpose with the next letter.
            if (position + 1 < chars.Length && char.IsLetter(chars[position + 1]) && char.ToLowerInvariant(chars[position + 1]) != lower)
            {
                var next = chars[position + 1];
                chars[position] = upper ? char.ToUpperInvariant(next) : next;
                chars[position + 1] = upper ? lower : c;
                return new string(chars);
            }
            return name.Remove(position, 1);
        }
        // Insert: a doubled letter or a stray neighbour.
        var inserted = random.NextDouble() < 0.5 ? lower : Neighbour(lower, random);
        return name.Insert(position + 1, inserted.ToString());
    }

    /// <summary>A postcode keyed wrongly: a wrong inward digit or letter, swapped letters, or O for 0.</summary>
    public static string Postcode(string postcode, Random random)
    {
        var chars = postcode.ToCharArray();
        var space = postcode.IndexOf(' ');
        if (space < 0 || chars.Length - space != 4) return postcode;
        var roll = random.NextDouble();
        if (roll < 0.3)
        {
            chars[space + 1] = (char)('0' + (chars[space + 1] - '0' + 1 + random.Next(9)) % 10);
        }
        else if (roll < 0.6)
        {
            var i = space + 2 + random.Next(2);
            char replacement;
            do replacement = InwardLetters[random.Next(InwardLetters.Length)]; while (replacement == chars[i]);
            chars[i] = replacement;
        }
        else if (roll < 0.8 && chars[^1] != chars[^2])
        {
            (chars[^1], chars[^2]) = (chars[^2], chars[^1]);
        }
        else
        {
            // Letter/digit confusion in the outward code (SW1A → SWIA, E10 → EIO), else in the inward digit.
            for (var i = 1; i < space; i++)
            {
                if (chars[i] == '0') { chars[i] = 'O'; return new string(chars); }
                if (chars[i] == '1') { chars[i] = 'I'; return new string(chars); }
            }
            chars[space + 1] = chars[space + 1] == '0' ? 'O' : (char)('0' + (chars[space + 1] - '0' + 1) % 10);
        }
        return new string(chars);
    }

    /// <summary>One character of free text (an address line) wrong.</summary>
    public static string FreeText(string text, Random random) => Name(text, random);

    /// <summary>One digit of a phone number wrong.</summary>
    public static string Digits(string digits, Random random)
    {
        var chars = digits.ToCharArray();
        var position = 2 + random.Next(chars.Length - 2);
        chars[position] = (char)('0' + (chars[position] - '0' + 1 + random.Next(9)) % 10);
        return new string(chars);
    }

    private static bool TryPhonetic(string name, Random random, out string result)
    {
        var start = random.Next(Phonetic.Length);
        for (var k = 0; k < Phonetic.Length; k++)
        {
            var (from, to) = Phonetic[(start + k) % Phonetic.Length];
            // Not at the very start: "Catherine" → "Katherine" is a real variant, not a typo to model here.
            var at = name.IndexOf(from, 1, StringComparison.Ordinal);
            if (at < 0) continue;
            result = string.Concat(name.AsSpan(0, at), to, name.AsSpan(at + from.Length));
            return true;
        }
        result = name;
        return false;
    }

    private static int PickLetter(char[] chars, Random random, bool avoidFirst)
    {
        var from = avoidFirst ? 1 : 0;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var i = from + random.Next(chars.Length - from);
            if (char.IsAsciiLetter(chars[i])) return i;
        }
        return -1;
    }

    private static char Neighbour(char lower, Random random)
    {
        if (lower is < 'a' or > 'z') return lower;
        var options = QwertyNeighbours[lower - 'a'];
        return options[random.Next(options.Length)];
    }
}
