using System.Globalization;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Ml.Training;

/// <summary>
/// A variant's change of shape, as other sites' data has it: birth dates cut to a year or a year and month,
/// or moved generations earlier; postcodes as 5-digit zips. Applied to every record alike, before any noise,
/// so the model learns the shape, not a fault.
/// </summary>
public sealed class FieldReshaping(VariantSpec variant, string? dateFormat)
{
    public const string Year = "year", YearMonth = "year_month";

    /// <summary>Dates are read as of this day, so a variant is the same whenever it is made.</summary>
    private static readonly DateOnly Today = new(2026, 1, 1);

    public SourceRecord Apply(SourceRecord record)
    {
        if (!variant.Reshapes) return record;
        var reshaped = record;
        if ((variant.DobAs is not null || variant.DobYearsEarlier != 0) && Dob(record.Dob) is { } dob) reshaped = reshaped with { Dob = dob };
        if (variant.PostcodeAsZip && record.Postcode is not null) reshaped = reshaped with { Postcode = Zip(record.Postcode) };
        return reshaped;
    }

    private string? Dob(string? raw)
    {
        var value = BirthDate.Parse(raw, dateFormat, Today, out _);
        if (value == 0) return null;
        var year = BirthDate.Year(value) - variant.DobYearsEarlier;
        int month = BirthDate.Month(value), day = BirthDate.Day(value);
        if (month == 2 && day == 29 && !DateTime.IsLeapYear(year)) day = 28;
        return variant.DobAs switch
        {
            Year => year.ToString("0000", CultureInfo.InvariantCulture),
            YearMonth => FormattableString.Invariant($"{year:0000}-{month:00}"),
            _ => FormattableString.Invariant($"{year:0000}-{month:00}-{day:00}"),
        };
    }

    /// <summary>One zip per UK district (a zip holds about as many homes), the same in every run.</summary>
    private static string? Zip(string raw)
    {
        var postcode = Postcode.Parse(raw);
        if (postcode is null) return null;
        var hash = 2166136261u;
        foreach (var c in postcode.IsUk ? postcode.District : postcode.Value) { hash ^= c; hash *= 16777619u; }
        return (hash % 100000).ToString("00000", CultureInfo.InvariantCulture);
    }
}
