using System.Buffers;
using System.Text;

namespace PatientIndex.Core.Normalisation;

/// <summary>Normalised forms of the free-text contact fields: phone, email, address, town.</summary>
public static class ContactText
{
    private static readonly Dictionary<string, string> StreetWords = new(StringComparer.Ordinal)
    {
        ["rd"] = "road", ["st"] = "street", ["ave"] = "avenue", ["av"] = "avenue", ["ln"] = "lane", ["dr"] = "drive",
        ["ct"] = "court", ["cl"] = "close", ["cres"] = "crescent", ["cr"] = "crescent", ["pl"] = "place", ["sq"] = "square",
        ["gdns"] = "gardens", ["gro"] = "grove", ["gr"] = "grove", ["tce"] = "terrace", ["terr"] = "terrace", ["pk"] = "park",
        ["hse"] = "house", ["flt"] = "flat", ["apt"] = "flat", ["apartment"] = "flat", ["mt"] = "mount", ["nth"] = "north", ["sth"] = "south",
        ["pde"] = "parade", ["hwy"] = "highway", ["blvd"] = "boulevard", ["wy"] = "way",
    };

    /// <summary>Digits only; an international +44 prefix becomes the national leading 0.</summary>
    public static string? Phone(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw) if (char.IsAsciiDigit(c)) sb.Append(c);
        if (sb.Length >= 12 && sb[0] == '4' && sb[1] == '4') { sb.Remove(0, 2); if (sb[0] != '0') sb.Insert(0, '0'); }
        else if (sb.Length >= 13 && sb[0] == '0' && sb[1] == '0' && sb[2] == '4' && sb[3] == '4') { sb.Remove(0, 4); sb.Insert(0, '0'); }
        return sb.Length >= 6 ? sb.ToString() : null;
    }

    public static string? Email(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var email = raw.Trim().ToLowerInvariant();
        return email.Contains('@') ? email : null;
    }

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> StreetWordOf =
        StreetWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Lower-case words with street-type abbreviations spelled out ("12 High St." → "12 high street").</summary>
    public static string? Address(string? line1, string? line2) => Words(line1, line2);

    public static string? Town(string? raw) => Words(raw, null);

    private static string? Words(string? first, string? second)
    {
        var length = (first?.Length ?? 0) + (second?.Length ?? 0);
        if (length == 0) return null;
        // Spelled-out street words are at most 9 letters; the abbreviations they replace at least 2.
        var buffer = ArrayPool<char>.Shared.Rent(length * 5 + 1);
        try
        {
            var written = AppendWords(buffer, 0, first);
            written = AppendWords(buffer, written, second);
            return written == 0 ? null : new string(buffer, 0, written);
        }
        finally { ArrayPool<char>.Shared.Return(buffer); }
    }

    private static int AppendWords(char[] output, int written, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return written;
        Span<char> word = stackalloc char[Math.Min(raw.Length, 256)];
        var length = 0;
        foreach (var c in raw)
        {
            var ch = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(ch)) { if (length < word.Length) word[length++] = ch; continue; }
            if (ch is '\'' or '’') continue;
            written = AppendWord(output, written, word[..length]);
            length = 0;
        }
        return AppendWord(output, written, word[..length]);
    }

    private static int AppendWord(char[] output, int written, ReadOnlySpan<char> word)
    {
        if (word.IsEmpty) return written;
        if (written > 0) output[written++] = ' ';
        var spelled = StreetWordOf.TryGetValue(word, out var full) ? full.AsSpan() : word;
        spelled.CopyTo(output.AsSpan(written));
        return written + spelled.Length;
    }
}
