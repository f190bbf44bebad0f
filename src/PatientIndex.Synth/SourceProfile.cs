namespace PatientIndex.Synth;

/// <summary>
/// How one source system records people: who it holds, how it writes codes and identifiers, and how
/// often each kind of error reaches its extract. Every rate is a per-record probability applied
/// independently, except the staleness rates, which apply only to people who changed name or address.
/// </summary>
internal sealed record SourceProfile
{
    /// <summary>File name without extension and the <c>source</c> column of truth.csv.</summary>
    public required string Name { get; init; }

    public required Func<int, string> RecordId { get; init; }

    /// <summary>Sex codes for male, female and not known (null writes an empty field).</summary>
    public required (string Male, string Female, string? Unknown) SexCodes { get; init; }

    /// <summary>Chance that a person of this age is on the system at all.</summary>
    public required Func<int, double> Coverage { get; init; }

    /// <summary>Chance that a person on the system was registered twice (a second record, with its own errors).</summary>
    public double DuplicateRegistration { get; init; }

    // Identifiers
    public double NhsMissing { get; init; }
    public double NhsMistyped { get; init; }
    public double NhsSpaced { get; init; }
    public double NiPresent { get; init; }
    public double NiFormatted { get; init; }

    // Names
    public double Nickname { get; init; }
    public double GivenTypo { get; init; }
    public double FamilyTypo { get; init; }
    public double MaidenNameStale { get; init; }
    public double GivenFamilySwap { get; init; }
    public double InitialOnly { get; init; }
    public double KnownAsUsed { get; init; }
    public double MiddleKept { get; init; }
    public double MiddleInitial { get; init; }
    public double MiddleInGiven { get; init; }
    public double HyphenVariant { get; init; }
    public double ApostropheVariant { get; init; }
    public double DiacriticsFolded { get; init; }
    public double SikhNameAsSurname { get; init; }
    public double Title { get; init; }
    public double UpperFamily { get; init; }
    public double UpperAll { get; init; }
    public double ExtraSpaces { get; init; }
    public double QuotedNickname { get; init; }

    // Birth date and sex
    public double DobDayMonthSwap { get; init; }
    public double DobDigitTypo { get; init; }
    public double DobPlaceholder { get; init; }
    public double DobMissing { get; init; }
    public double SexUnknown { get; init; }
    public double SexWrong { get; init; }

    // Address
    public double AddressStale { get; init; }
    public double PostcodeTypo { get; init; }
    public double PostcodeMissing { get; init; }
    public double PostcodeUnformatted { get; init; }
    public double StreetAbbreviated { get; init; }
    public double AddressSingleLine { get; init; }
    public double AddressTypo { get; init; }
    public double LocalityKept { get; init; }
    public double CityMissing { get; init; }
    public double CityShortName { get; init; }

    // Contact
    public double PhonePresent { get; init; }
    public double PrefersLandline { get; init; }
    public double PhoneTypo { get; init; }
    public required Func<string, Random, string> PhoneFormat { get; init; }
    public double EmailPresent { get; init; }

    /// <summary>
    /// Chance, separately for the birth date and the NHS number, of a deliberately bad value (an impossible
    /// date, letters in the number) that the engine should warn about; about 0.05% of records in all.
    /// </summary>
    public double BadFieldValue { get; init; }

    /// <summary>
    /// The GP system: the most complete and current register, traced against the national spine, so NHS
    /// numbers are almost always present and names and addresses are up to date.
    /// </summary>
    public static SourceProfile Gp { get; } = new()
    {
        Name = "gp",
        RecordId = n => "G" + n.ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
        SexCodes = ("M", "F", null),
        // Young adults (students, recent movers) are the least likely to be registered.
        Coverage = age => age is >= 18 and <= 30 ? 0.85 : 0.93,
        DuplicateRegistration = 0.02,
        NhsMissing = 0.015,
        NhsMistyped = 0.015,
        NhsSpaced = 0.0,
        NiPresent = 0.45,
        NiFormatted = 0.02,
        Nickname = 0.03,
        GivenTypo = 0.012,
        FamilyTypo = 0.012,
        MaidenNameStale = 0.08,
        GivenFamilySwap = 0.002,
        InitialOnly = 0.002,
        KnownAsUsed = 0.5,
        MiddleKept = 0.9,
        MiddleInitial = 0.04,
        MiddleInGiven = 0.01,
        HyphenVariant = 0.15,
        ApostropheVariant = 0.05,
        DiacriticsFolded = 0.4,
        SikhNameAsSurname = 0.1,
        Title = 0.0,
        UpperFamily = 0.0,
        UpperAll = 0.01,
        ExtraSpaces = 0.005,
        QuotedNickname = 0.0,
        DobDayMonthSwap = 0.003,
        DobDigitTypo = 0.004,
        DobPlaceholder = 0.0005,
        DobMissing = 0.001,
        SexUnknown = 0.002,
        SexWrong = 0.001,
        AddressStale = 0.08,
        PostcodeTypo = 0.008,
        PostcodeMissing = 0.003,
        PostcodeUnformatted = 0.01,
        StreetAbbreviated = 0.1,
        AddressSingleLine = 0.1,
        AddressTypo = 0.01,
        LocalityKept = 0.7,
        CityMissing = 0.02,
        CityShortName = 0.1,
        PhonePresent = 0.85,
        PrefersLandline = 0.25,
        PhoneTypo = 0.005,
        PhoneFormat = PhoneFormats.Gp,
        EmailPresent = 0.6,
        BadFieldValue = 0.0,
    };

    /// <summary>
    /// The hospital PAS: patients registered at the front desk or in A&amp;E, often without tracing, so NHS
    /// numbers are often missing, names are keyed in capitals with titles, and details go out of date.
    /// </summary>
    public static SourceProfile Hospital { get; } = new()
    {
        Name = "hospital",
        RecordId = n => "H" + (1_000_000 + n * 3L).ToString(System.Globalization.CultureInfo.InvariantCulture),
        SexCodes = ("male", "female", "unknown"),
        // Babies are born in hospital; the old are admitted most.
        Coverage = age => age switch
        {
            < 5 => 0.65,
            < 18 => 0.4,
            < 65 => 0.5,
            < 80 => 0.7,
            _ => 0.85,
        },
        DuplicateRegistration = 0.04,
        NhsMissing = 0.19,
        NhsMistyped = 0.03,
        NhsSpaced = 0.25,
        NiPresent = 0.03,
        NiFormatted = 0.3,
        Nickname = 0.08,
        GivenTypo = 0.04,
        FamilyTypo = 0.035,
        MaidenNameStale = 0.35,
        GivenFamilySwap = 0.008,
        InitialOnly = 0.01,
        KnownAsUsed = 0.3,
        MiddleKept = 0.55,
        MiddleInitial = 0.15,
        MiddleInGiven = 0.03,
        HyphenVariant = 0.4,
        ApostropheVariant = 0.2,
        DiacriticsFolded = 0.85,
        SikhNameAsSurname = 0.3,
        Title = 0.04,
        UpperFamily = 0.35,
        UpperAll = 0.05,
        ExtraSpaces = 0.02,
        QuotedNickname = 0.0,
        DobDayMonthSwap = 0.012,
        DobDigitTypo = 0.012,
        DobPlaceholder = 0.003,
        DobMissing = 0.008,
        SexUnknown = 0.005,
        SexWrong = 0.003,
        AddressStale = 0.4,
        PostcodeTypo = 0.02,
        PostcodeMissing = 0.03,
        PostcodeUnformatted = 0.1,
        StreetAbbreviated = 0.4,
        AddressSingleLine = 0.35,
        AddressTypo = 0.03,
        LocalityKept = 0.3,
        CityMissing = 0.05,
        CityShortName = 0.3,
        PhonePresent = 0.7,
        PrefersLandline = 0.4,
        PhoneTypo = 0.01,
        PhoneFormat = PhoneFormats.Hospital,
        EmailPresent = 0.15,
        BadFieldValue = 0.00025,
    };

    /// <summary>
    /// Community services (district nursing, health visiting, school nursing): many small teams keying
    /// referrals by hand, so NHS numbers are often missing and formatting is the least consistent.
    /// </summary>
    public static SourceProfile Community { get; } = new()
    {
        Name = "community",
        RecordId = n => "C-" + (500_000L + n).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
        SexCodes = ("1", "2", "9"),
        // Health visitors see the under-fives; district nurses the old.
        Coverage = age => age switch
        {
            < 5 => 0.55,
            < 18 => 0.3,
            < 65 => 0.22,
            < 80 => 0.4,
            _ => 0.65,
        },
        DuplicateRegistration = 0.03,
        NhsMissing = 0.23,
        NhsMistyped = 0.025,
        NhsSpaced = 0.05,
        NiPresent = 0.55,
        NiFormatted = 0.15,
        Nickname = 0.1,
        GivenTypo = 0.03,
        FamilyTypo = 0.03,
        MaidenNameStale = 0.25,
        GivenFamilySwap = 0.005,
        InitialOnly = 0.015,
        KnownAsUsed = 0.6,
        MiddleKept = 0.45,
        MiddleInitial = 0.1,
        MiddleInGiven = 0.03,
        HyphenVariant = 0.3,
        ApostropheVariant = 0.15,
        DiacriticsFolded = 0.6,
        SikhNameAsSurname = 0.2,
        Title = 0.0,
        UpperFamily = 0.05,
        UpperAll = 0.15,
        ExtraSpaces = 0.03,
        QuotedNickname = 0.003,
        DobDayMonthSwap = 0.01,
        DobDigitTypo = 0.01,
        DobPlaceholder = 0.002,
        DobMissing = 0.015,
        SexUnknown = 0.01,
        SexWrong = 0.002,
        AddressStale = 0.3,
        PostcodeTypo = 0.015,
        PostcodeMissing = 0.04,
        PostcodeUnformatted = 0.2,
        StreetAbbreviated = 0.3,
        AddressSingleLine = 0.2,
        AddressTypo = 0.02,
        LocalityKept = 0.5,
        CityMissing = 0.15,
        CityShortName = 0.2,
        PhonePresent = 0.8,
        PrefersLandline = 0.3,
        PhoneTypo = 0.01,
        PhoneFormat = PhoneFormats.Community,
        EmailPresent = 0.35,
        BadFieldValue = 0.0,
    };

    public static IReadOnlyList<SourceProfile> All { get; } = [Gp, Hospital, Community];
}
