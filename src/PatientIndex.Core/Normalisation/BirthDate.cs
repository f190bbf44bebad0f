using System.Globalization;

namespace PatientIndex.Core.Normalisation;

/// <summary>
/// Birth dates as <c>yyyymmdd</c> integers (0 = missing). Placeholder dates that systems use for
/// "not known" are treated as missing, so that two unknowns never count as agreement. A partial date
/// (<c>1962</c>, <c>1962-05</c>) keeps 0 for the parts it lacks. A date that is possible but doubtful
/// (more than 130 years ago: a historical record, or a keying error) is kept and compared, with a warning;
/// only a date that cannot be one, or lies in the future, is blanked.
/// </summary>
public static class BirthDate
{
    private static readonly int[] Placeholders = [19000101, 18000101, 19010101, 10101, 99991231];

    public static int Parse(string? raw, string? format, DateOnly today, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(raw)) return 0;
        var text = raw.Trim();
        if (!TryRead(text, format, out var year, out var month, out var day))
        {
            problem = format is null ? "not a date in yyyy-MM-dd form" : $"not a date in {format} form";
            return 0;
        }
        if (!IsPossible(year, month, day))
        {
            problem = "impossible date";
            return 0;
        }
        var value = year * 10000 + month * 100 + day;
        if (Array.IndexOf(Placeholders, value) >= 0) return 0;
        if (Earliest(value) > today) { problem = "date is in the future"; return 0; }
        if (year < today.Year - 130) problem = "date is implausibly long ago; kept and compared";
        return value;
    }

    public static int Year(int dob) => dob / 10000;
    public static int Month(int dob) => dob / 100 % 100;
    public static int Day(int dob) => dob % 100;

    /// <summary>A year only, or a year and month, without a day.</summary>
    public static bool IsPartial(int dob) => dob != 0 && Day(dob) == 0;

    /// <summary>The middle of the span a date names: itself when whole, mid-month or mid-year when partial.</summary>
    public static DateOnly Midpoint(int dob) =>
        Month(dob) == 0 ? new DateOnly(Year(dob), 7, 1) : Day(dob) == 0 ? new DateOnly(Year(dob), Month(dob), 15) : new DateOnly(Year(dob), Month(dob), Day(dob));

    private static DateOnly Earliest(int dob) => new(Year(dob), Math.Max(Month(dob), 1), Math.Max(Day(dob), 1));

    /// <summary>A whole date that exists, or a year with an optional month (day 0, month 0 only with day 0).</summary>
    private static bool IsPossible(int year, int month, int day)
    {
        if (year is < 1 or > 9999) return false;
        if (month == 0) return day == 0;
        if (month > 12) return false;
        return day == 0 || day <= DateTime.DaysInMonth(year, month);
    }

    private static bool TryRead(string text, string? format, out int year, out int month, out int day)
    {
        year = month = day = 0;
        if (format is null) return TryReadIso(text, out year, out month, out day);
        if (!TryReadWithFormat(text, format, out year, out month, out day)) return false;
        return true;
    }

    private static bool TryReadIso(string text, out int year, out int month, out int day)
    {
        year = month = day = 0;
        if (text.Length is 4 or 7) return TryReadPartial(text, out year, out month);
        // yyyy-MM-dd, optionally followed by a time (some extracts write datetimes).
        if (text.Length < 10 || text[4] != '-' || text[7] != '-') return TryReadCompact(text, out year, out month, out day);
        return int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year)
            && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month)
            && int.TryParse(text.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out day)
            && (text.Length == 10 || text[10] is 'T' or ' ');
    }

    /// <summary>yyyy or yyyy-MM: what historical and survey records often hold. Day (and month) stay 0.</summary>
    private static bool TryReadPartial(string text, out int year, out int month)
    {
        month = 0;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year)) return false;
        if (text.Length == 4) return true;
        return text[4] == '-' && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month) && month >= 1;
    }

    private static bool TryReadCompact(string text, out int year, out int month, out int day)
    {
        year = month = day = 0;
        return text.Length == 8
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year)
            && int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month)
            && int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out day);
    }

    // Reads the y/M/d fields positionally instead of DateTime.ParseExact, so that an impossible date
    // such as 31 February is reported as impossible rather than as unreadable.
    private static bool TryReadWithFormat(string text, string format, out int year, out int month, out int day)
    {
        year = month = day = 0;
        if (text.Length != format.Length) return TryReadIso(text, out year, out month, out day);
        for (var i = 0; i < format.Length; i++)
        {
            var f = format[i];
            var c = text[i];
            if (f is 'y' or 'M' or 'd')
            {
                if (!char.IsAsciiDigit(c)) return false;
                var digit = c - '0';
                if (f == 'y') year = year * 10 + digit;
                else if (f == 'M') month = month * 10 + digit;
                else day = day * 10 + digit;
            }
            else if (c != f) return false;
        }
        return true;
    }
}
