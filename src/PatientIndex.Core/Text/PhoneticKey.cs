namespace PatientIndex.Core.Text;

/// <summary>
/// A sound-alike key for a normalised (lower-case ASCII) name: a refined Soundex that keeps the
/// whole name rather than four characters, and first folds spellings that sound the same at the
/// start (Catherine/Katherine, Philip/Filip, Stephen/Steven) so they block and compare together.
/// </summary>
public static class PhoneticKey
{
    // a b c d e f g h i j k l m n o p q r s t u v w x y z
    private const string Codes = "01230120022455012623010202";

    public static string Of(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        Span<char> folded = stackalloc char[Math.Min(name.Length + 1, 64)];
        var n = Fold(name, folded);
        if (n == 0) return "";
        Span<char> key = stackalloc char[n];
        var length = 0;
        key[length++] = folded[0];
        var last = Code(folded[0]);
        for (var i = 1; i < n; i++)
        {
            var c = folded[i];
            var code = Code(c);
            if (c is 'h' or 'w') continue;          // h and w do not separate equal codes
            if (code != '0' && code != last) key[length++] = code;
            last = code;
        }
        return new string(key[..length]);
    }

    private static int Fold(string name, Span<char> into)
    {
        var n = 0;
        var i = 0;
        if (name.StartsWith("ph", StringComparison.Ordinal)) { into[n++] = 'f'; i = 2; }
        else if (name.StartsWith("kn", StringComparison.Ordinal) || name.StartsWith("wr", StringComparison.Ordinal)) { into[n++] = name[1]; i = 2; }
        else if (name.Length > 0 && name[0] == 'k') { into[n++] = 'c'; i = 1; }
        for (; i < name.Length && n < into.Length; i++)
        {
            var c = name[i];
            if (c < 'a' || c > 'z') continue;
            if (c == 'p' && i + 1 < name.Length && name[i + 1] == 'h') { into[n++] = 'f'; i++; continue; }
            into[n++] = c;
        }
        return n;
    }

    private static char Code(char c) => c is >= 'a' and <= 'z' ? Codes[c - 'a'] : '0';
}
