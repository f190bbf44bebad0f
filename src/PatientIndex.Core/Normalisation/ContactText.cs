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

    /// <summary>Lower-case words with street-type abbreviations spelled out ("12 High St." → "12 high street").</summary>
    public static string? Address(string? line1, string? line2)
    {
        var sb = new StringBuilder();
        AppendWords(sb, line1);
        AppendWords(sb, line2);
        return sb.Length == 0 ? null : sb.ToString();
    }

    public static string? Town(string? raw)
    {
        var sb = new StringBuilder();
        AppendWords(sb, raw);
        return sb.Length == 0 ? null : sb.ToString();
    }

    private static void AppendWords(StringBuilder sb, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return;
        var word = new StringBuilder();
        foreach (var ch in raw.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch)) { word.Append(ch); continue; }
            if (ch is '\'' or '’') continue;
            AppendWord(sb, word);
        }
        AppendWord(sb, word);
    }

    private static void AppendWord(StringBuilder sb, StringBuilder word)
    {
        if (word.Length == 0) return;
        var text = word.ToString();
        word.Clear();
        if (sb.Length > 0) sb.Append(' ');
        sb.Append(StreetWords.GetValueOrDefault(text, text));
    }
}
