using System.Buffers;
using System.Text;

namespace PatientIndex.Core.Normalisation;

/// <summary>
/// Turns a name as typed into lower-case ASCII tokens: accents folded (Zoë → zoe), apostrophes
/// dropped (O'Brien → obrien), hyphens and other punctuation split tokens (Smith-Jones → smith, jones),
/// titles and suffixes removed, and Mac/Mc spelled one way.
/// </summary>
public static class NameText
{
    private static readonly HashSet<string> Titles =
        ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev", "revd", "sir", "dame", "lady", "lord", "master", "fr", "sr", "sister"];

    private static readonly HashSet<string> Suffixes = ["jr", "jnr", "junior", "sr", "snr", "senior", "ii", "iii", "iv"];

    public static List<string> Tokens(string? raw)
    {
        var tokens = new List<string>(2);
        if (string.IsNullOrWhiteSpace(raw)) return tokens;
        if (IsOneAsciiWord(raw)) { tokens.Add(LowerAscii(raw)); return tokens; }
        var folded = FoldToAscii(raw);
        var current = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= 'a' and <= 'z') current.Append(c);
            else if (c is '\'' or '’' or '`') continue;
            else Flush(current, tokens);
        }
        Flush(current, tokens);
        return tokens;
    }

    // Most names are one plain word: they need no folding or splitting, and no copy when already lower case.
    private static readonly SearchValues<char> AsciiLetters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static bool IsOneAsciiWord(string raw) => !raw.AsSpan().ContainsAnyExcept(AsciiLetters);

    private static string LowerAscii(string raw)
    {
        if (!raw.AsSpan().ContainsAnyInRange('A', 'Z')) return raw;
        return string.Create(raw.Length, raw, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)(source[i] | 0x20);
        });
    }

    /// <summary>Tokens with titles removed from the front and generational suffixes from the end.</summary>
    public static List<string> PersonalNameTokens(string? raw)
    {
        var tokens = Tokens(raw);
        while (tokens.Count > 1 && Titles.Contains(tokens[0])) tokens.RemoveAt(0);
        if (tokens.Count == 1 && Titles.Contains(tokens[0])) tokens.Clear();
        while (tokens.Count > 1 && Suffixes.Contains(tokens[^1])) tokens.RemoveAt(tokens.Count - 1);
        for (var i = 0; i < tokens.Count; i++) tokens[i] = CanonicalMac(tokens[i]);
        return tokens;
    }

    /// <summary>MacDonald and McDonald are one name spelled two ways; so are M'Donald and Mc Donald.</summary>
    private static string CanonicalMac(string token) =>
        token.Length > 5 && token.StartsWith("mac", StringComparison.Ordinal) ? "mc" + token[3..] : token;

    private static void Flush(StringBuilder current, List<string> tokens)
    {
        if (current.Length == 0) return;
        tokens.Add(current.ToString());
        current.Clear();
    }

    private static string FoldToAscii(string raw)
    {
        var lower = raw.ToLowerInvariant();
        var ascii = true;
        foreach (var c in lower) if (c > 127) { ascii = false; break; }
        if (ascii) return lower;
        var sb = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            if (c <= 127) { sb.Append(c); continue; }
            var folded = Fold(c);
            if (folded is not null) sb.Append(folded);
            else if (char.IsLetter(c)) sb.Append(c); // a letter we cannot fold (e.g. CJK) still separates nothing
        }
        return sb.ToString();
    }

    // Explicit folding of Latin letters with diacritics: it does not depend on ICU being present
    // (the process runs with invariant globalization).
    private static readonly (string From, string To)[] Folds =
    [
        ("àáâãäåāăąǎ", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
        ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"), ("ð", "d"),
    ];

    private static string? Fold(char c)
    {
        foreach (var (from, to) in Folds)
            if (from.Contains(c)) return to;
        return null;
    }
}
