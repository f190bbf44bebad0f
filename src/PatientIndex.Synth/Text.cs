using System.Text;

namespace PatientIndex.Synth;

/// <summary>Small string helpers for names.</summary>
internal static class Text
{
    /// <summary>True when the value holds a letter outside ASCII (Łukasz, Wiśniewska).</summary>
    public static bool HasDiacritics(string value)
    {
        foreach (var c in value)
            if (c > 127) return true;
        return false;
    }

    /// <summary>
    /// Strips diacritics the way systems without Unicode support do (Ł → L, ś → s, ț → t).
    /// An explicit table rather than Unicode decomposition: ł has no decomposition, and the
    /// result must not depend on the runtime's globalisation mode.
    /// </summary>
    public static string FoldDiacritics(string value)
    {
        if (!HasDiacritics(value)) return value;
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
            builder.Append(Fold(c));
        return builder.ToString();
    }

    /// <summary><c>yyyy-MM-dd</c>, without going through culture-aware formatting (this runs once per record).</summary>
    public static string IsoDate(DateOnly date) =>
        string.Create(10, date, static (chars, d) =>
        {
            var (year, month, day) = (d.Year, d.Month, d.Day);
            chars[0] = (char)('0' + year / 1000);
            chars[1] = (char)('0' + year / 100 % 10);
            chars[2] = (char)('0' + year / 10 % 10);
            chars[3] = (char)('0' + year % 10);
            chars[4] = '-';
            chars[5] = (char)('0' + month / 10);
            chars[6] = (char)('0' + month % 10);
            chars[7] = '-';
            chars[8] = (char)('0' + day / 10);
            chars[9] = (char)('0' + day % 10);
        });

    public static string Capitalise(string lowercase) =>
        lowercase.Length == 0 ? lowercase : char.ToUpperInvariant(lowercase[0]) + lowercase[1..];

    /// <summary>Lowercase ASCII letters only: for email local parts and nickname look-ups.</summary>
    public static string LettersOnlyLower(string value)
    {
        var folded = FoldDiacritics(value);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
            if (char.IsAsciiLetter(c)) builder.Append(char.ToLowerInvariant(c));
        return builder.ToString();
    }

    private static char Fold(char c) => c switch
    {
        'ą' or 'ă' or 'â' or 'á' or 'ā' => 'a',
        'Ą' or 'Ă' or 'Â' or 'Á' or 'Ā' => 'A',
        'ć' or 'č' => 'c',
        'Ć' or 'Č' => 'C',
        'ę' or 'ė' or 'é' or 'ē' or 'ë' => 'e',
        'Ę' or 'Ė' or 'É' or 'Ē' => 'E',
        'î' or 'í' or 'ī' or 'į' => 'i',
        'Î' or 'Í' or 'Ī' => 'I',
        'ł' or 'ļ' => 'l',
        'Ł' or 'Ļ' => 'L',
        'ń' or 'ņ' => 'n',
        'Ń' or 'Ņ' => 'N',
        'ó' or 'ö' or 'ő' => 'o',
        'Ó' or 'Ö' or 'Ő' => 'O',
        'ś' or 'š' or 'ș' => 's',
        'Ś' or 'Š' or 'Ș' => 'S',
        'ț' => 't',
        'Ț' => 'T',
        'ú' or 'ū' or 'ü' or 'ű' => 'u',
        'Ú' or 'Ū' or 'Ü' => 'U',
        'ź' or 'ż' or 'ž' => 'z',
        'Ź' or 'Ż' or 'Ž' => 'Z',
        'ģ' => 'g',
        'ķ' => 'k',
        _ => c,
    };
}
