using System.Globalization;

namespace PatientIndex.Synth;

/// <summary>
/// Turns a true person into one source record: applies the source's conventions and, independently per
/// record, its errors. A second registration in the same source gets its own record with more errors,
/// as duplicates are usually made in a hurry without tracing the patient.
/// </summary>
internal sealed class RecordRenderer
{
    public const int RecordIdField = 0;
    public const int NhsNumberField = 1;
    public const int OtherIdField = 2;
    public const int GivenNameField = 3;
    public const int MiddleNamesField = 4;
    public const int FamilyNameField = 5;
    public const int DobField = 6;
    public const int SexField = 7;
    public const int PostcodeField = 8;
    public const int AddressLine1Field = 9;
    public const int AddressLine2Field = 10;
    public const int CityField = 11;
    public const int PhoneField = 12;
    public const int EmailField = 13;
    public const int FieldCount = 14;

    public const string PlaceholderDob = "1900-01-01";

    /// <summary>How much likelier keying errors are on a duplicate registration.</summary>
    private const double DuplicateErrorBoost = 2.0;

    /// <summary>How much likelier a missing NHS number is on a duplicate registration: that is usually why it was made.</summary>
    private const double DuplicateNhsMissingBoost = 3.0;

    private readonly SourceProfile _profile;
    private readonly Random _random;
    private readonly Nicknames _nicknames;

    public RecordRenderer(SourceProfile profile, Random random, Nicknames nicknames)
    {
        _profile = profile;
        _random = random;
        _nicknames = nicknames;
    }

    /// <summary>Fills every field but the record id.</summary>
    public void Render(Person person, bool duplicate, string?[] fields)
    {
        var boost = duplicate ? DuplicateErrorBoost : 1.0;
        fields[NhsNumberField] = NhsNumber(person, duplicate);
        fields[OtherIdField] = OtherId(person);
        Names(person, boost, fields);
        fields[DobField] = Dob(person, boost);
        fields[SexField] = SexCode(person);
        AddressFields(person, boost, fields);
        fields[PhoneField] = Phone(person);
        fields[EmailField] = Email(person);

        if (Chance(_profile.UpperAll))
        {
            // Older systems key everything in capitals.
            for (var i = GivenNameField; i <= CityField; i++)
                if (i != DobField && i != SexField) fields[i] = fields[i]?.ToUpperInvariant();
        }
        if (Chance(_profile.ExtraSpaces))
        {
            var i = _random.Next(4) switch { 0 => GivenNameField, 1 => FamilyNameField, 2 => AddressLine1Field, _ => CityField };
            fields[i] = ExtraSpaces(fields[i]);
        }
    }

    private string? NhsNumber(Person person, bool duplicate)
    {
        var missing = Math.Min(0.9, _profile.NhsMissing * (duplicate ? DuplicateNhsMissingBoost : 1.0));
        if (Chance(missing)) return null;
        var number = person.NhsNumber;
        if (Chance(_profile.NhsMistyped)) number = NhsNumbers.Mistype(number, _random);
        if (Chance(_profile.BadFieldValue))
        {
            // Letters where digits belong (O for 0, I for 1, S for 5): a value the engine must warn about.
            var chars = number.ToCharArray();
            var position = _random.Next(chars.Length);
            chars[position] = "OISBZ"[_random.Next(5)];
            number = new string(chars);
        }
        if (Chance(_profile.NhsSpaced)) number = number[..3] + " " + number[3..6] + " " + number[6..];
        return number;
    }

    private string? OtherId(Person person)
    {
        if (person.NiNumber is not { } ni || !Chance(_profile.NiPresent)) return null;
        if (!Chance(_profile.NiFormatted)) return ni;
        return _random.Next(3) switch
        {
            0 => ni[..2] + " " + ni[2..4] + " " + ni[4..6] + " " + ni[6..8] + " " + ni[8..],
            1 => ni.ToLowerInvariant(),
            _ => ni[..8],  // suffix letter dropped, as some systems do
        };
    }

    private void Names(Person person, double boost, string?[] fields)
    {
        var given = person.GivenName;
        var middle = person.MiddleNames;
        var family = person.FamilyName;

        if (person.MaidenName is { } maiden && Chance(_profile.MaidenNameStale)) family = maiden;

        if (person.KnownByMiddleName && middle is not null && Chance(_profile.KnownAsUsed))
        {
            // Registered under the name they go by: "Henry George" becomes given "George".
            var space = middle.IndexOf(' ');
            var known = space < 0 ? middle : middle[..space];
            var rest = space < 0 ? null : middle[(space + 1)..];
            middle = Chance(0.5) ? (rest is null ? given : given + " " + rest) : rest;
            given = known;
        }

        if (person.Culture == Culture.Sikh && middle is "Singh" or "Kaur" && Chance(_profile.SikhNameAsSurname))
        {
            // Singh/Kaur recorded as the surname and the family name lost.
            family = middle;
            middle = null;
        }

        if (Chance(_profile.Nickname)) given = _nicknames.Alternative(given, _random) ?? given;

        if (Chance(_profile.DiacriticsFolded))
        {
            given = Text.FoldDiacritics(given);
            family = Text.FoldDiacritics(family);
            if (middle is not null) middle = Text.FoldDiacritics(middle);
        }

        if (Chance(_profile.GivenTypo * boost)) given = Typos.Name(given, _random);
        if (Chance(_profile.FamilyTypo * boost)) family = Typos.Name(family, _random);
        family = FamilyNameVariant(family);

        if (middle is not null)
        {
            if (!Chance(_profile.MiddleKept)) middle = null;
            else if (Chance(_profile.MiddleInitial)) middle = Initials(middle);
        }
        if (middle is not null && Chance(_profile.MiddleInGiven))
        {
            // "Mary Ann" in the given-name field, nothing in the middle.
            given = given + " " + middle;
            middle = null;
        }

        if (Chance(_profile.QuotedNickname) && _nicknames.Alternative(given, _random) is { } called)
            given = given + " \"" + called + "\"";

        if (Chance(_profile.InitialOnly)) given = given[0] + (Chance(0.5) ? "." : "");

        // Chinese names are often written family name first, so the swap is far commoner for them.
        if (Chance(_profile.GivenFamilySwap * (person.Culture == Culture.Chinese ? 8 : 1)))
            (given, family) = (family, given);

        if (Chance(_profile.Title)) given = Title(person) + " " + given;

        if (Chance(_profile.UpperFamily)) family = family.ToUpperInvariant();

        fields[GivenNameField] = given;
        fields[MiddleNamesField] = middle;
        fields[FamilyNameField] = family;
    }

    /// <summary>Double-barrelled, apostrophised, prefixed and Mc/Mac names written other ways.</summary>
    private string FamilyNameVariant(string family)
    {
        if (family.Contains('-') && Chance(_profile.HyphenVariant))
        {
            var dash = family.IndexOf('-');
            return _random.Next(4) switch
            {
                0 => family.Replace('-', ' '),
                1 => family[..dash] + family[(dash + 1)..].ToLowerInvariant(),
                2 => family[..dash],
                _ => family[(dash + 1)..],
            };
        }
        if (!Chance(_profile.ApostropheVariant)) return family;
        if (family.Contains('\''))
        {
            var apostrophe = family.IndexOf('\'');
            return _random.Next(3) switch
            {
                0 => family.Remove(apostrophe, 1),
                1 => family.Replace('\'', ' '),
                _ => family[..(apostrophe + 1)] + family[(apostrophe + 1)..].ToLowerInvariant(),
            };
        }
        if (family.Contains(' '))
        {
            // de Souza → De Souza / Desouza, St John → Saint John.
            if (family.StartsWith("St ", StringComparison.Ordinal)) return "Saint" + family[2..];
            return _random.Next(2) == 0 ? Text.Capitalise(family) : Text.Capitalise(family.Replace(" ", "").ToLowerInvariant());
        }
        if (family.Length > 3 && family.StartsWith("Mc", StringComparison.Ordinal) && char.IsUpper(family[2]))
            return _random.Next(2) == 0 ? "Mc" + family[2..].ToLowerInvariant() : "Mc " + family[2..];
        if (family.Length > 4 && family.StartsWith("Mac", StringComparison.Ordinal) && char.IsUpper(family[3]))
            return _random.Next(2) == 0 ? "Mac" + family[3..].ToLowerInvariant() : "Mc" + family[3..];
        return family;
    }

    private string Title(Person person)
    {
        var age = person.Age;
        if (age >= 25 && Chance(0.05)) return "Dr";
        if (person.Sex == Sex.Male) return age < 16 && Chance(0.5) ? "Master" : "Mr";
        if (age < 18) return "Miss";
        if (person.MaidenName is not null) return Chance(0.8) ? "Mrs" : "Ms";
        return _random.Next(3) switch { 0 => "Miss", 1 => "Ms", _ => "Mrs" };
    }

    private string? Dob(Person person, double boost)
    {
        if (Chance(_profile.BadFieldValue)) return ImpossibleDate(person.Dob.Year);
        if (Chance(_profile.DobMissing * boost)) return null;
        if (Chance(_profile.DobPlaceholder)) return PlaceholderDob;

        var dob = person.Dob;
        if (Chance(_profile.DobDayMonthSwap) && dob.Day <= 12 && dob.Day != dob.Month)
            dob = new DateOnly(dob.Year, dob.Day, dob.Month);
        var iso = Text.IsoDate(dob);
        if (Chance(_profile.DobDigitTypo * boost)) iso = DobDigitTypo(iso);
        return iso;
    }

    /// <summary>One digit of the date wrong, giving another real date no later than the extract date.</summary>
    private string DobDigitTypo(string iso)
    {
        ReadOnlySpan<int> positions = [3, 3, 2, 5, 6, 8, 9, 9];
        var chars = iso.ToCharArray();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var position = positions[_random.Next(positions.Length)];
            var original = chars[position];
            chars[position] = (char)('0' + (original - '0' + 1 + _random.Next(9)) % 10);
            if (DateOnly.TryParseExact(chars, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                && date <= Population.ExtractDate && date.Year >= 1901)
                return new string(chars);
            chars[position] = original;
        }
        return iso;
    }

    private string ImpossibleDate(int year)
    {
        var y = year.ToString("D4", CultureInfo.InvariantCulture);
        return _random.Next(5) switch
        {
            0 => y + "-02-30",
            1 => y + "-02-31",
            2 => y + "-04-31",
            3 => y + "-11-31",
            _ => y + "-13-" + (1 + _random.Next(28)).ToString("D2", CultureInfo.InvariantCulture),
        };
    }

    private string? SexCode(Person person)
    {
        if (Chance(_profile.SexUnknown)) return _profile.SexCodes.Unknown;
        var sex = Chance(_profile.SexWrong) ? (person.Sex == Sex.Male ? Sex.Female : Sex.Male) : person.Sex;
        return sex == Sex.Male ? _profile.SexCodes.Male : _profile.SexCodes.Female;
    }

    private void AddressFields(Person person, double boost, string?[] fields)
    {
        var household = person.Household;
        var address = household.PreviousAddress is { } previous && Chance(_profile.AddressStale) ? previous : household.Address;

        fields[PostcodeField] = Postcode(address.Postcode, boost);

        var street = address.Street.ShortName is { } abbreviated && Chance(_profile.StreetAbbreviated)
            ? abbreviated
            : address.Street.FullName;
        if (Chance(_profile.AddressTypo * boost)) street = Typos.FreeText(street, _random);

        string line1;
        string? line2 = null;
        var singleLine = Chance(_profile.AddressSingleLine);
        if (address.Flat is { } flat)
        {
            var flatPart = address.Block is not null && Chance(0.2) ? flat : "Flat " + flat;
            var numbered = address.Number + " " + street;
            if (address.Block is { } block)
            {
                line1 = singleLine ? flatPart + ", " + block + ", " + numbered : flatPart + (Chance(0.5) ? ", " : " ") + block;
                if (!singleLine) line2 = numbered;
            }
            else if (singleLine)
            {
                line1 = flatPart + (Chance(0.7) ? ", " : " ") + numbered;
            }
            else
            {
                line1 = flatPart;
                line2 = numbered;
            }
        }
        else if (address.HouseName is { } name)
        {
            if (singleLine) line1 = name + ", " + street;
            else
            {
                line1 = name;
                line2 = street;
            }
        }
        else
        {
            line1 = address.Number + (singleLine && Chance(0.3) ? ", " : " ") + street;
        }

        if (line2 is null && address.Street.Locality is { } locality && Chance(_profile.LocalityKept)) line2 = locality;

        fields[AddressLine1Field] = line1;
        fields[AddressLine2Field] = line2;
        fields[CityField] = Chance(_profile.CityMissing) ? null
            : address.Town.ShortName is { } shortName && Chance(_profile.CityShortName) ? shortName
            : address.Town.Name;
    }

    private string? Postcode(string postcode, double boost)
    {
        if (Chance(_profile.PostcodeMissing)) return null;
        if (Chance(_profile.PostcodeTypo * boost)) postcode = Typos.Postcode(postcode, _random);
        if (!Chance(_profile.PostcodeUnformatted)) return postcode;
        return _random.Next(4) switch
        {
            0 => postcode.Replace(" ", "").ToLowerInvariant(),
            1 => postcode.Replace(" ", ""),
            2 => postcode.ToLowerInvariant(),
            _ => postcode.Replace(" ", "  "),
        };
    }

    private string? Phone(Person person)
    {
        if (!Chance(_profile.PhonePresent)) return null;
        var mobile = person.Mobile;
        var landline = person.Household.Landline;
        var digits = mobile is not null && landline is not null
            ? (Chance(_profile.PrefersLandline) ? landline : mobile)
            : mobile ?? landline;
        if (digits is null) return null;
        if (Chance(_profile.PhoneTypo)) digits = Typos.Digits(digits, _random);
        return _profile.PhoneFormat(digits, _random);
    }

    private string? Email(Person person)
    {
        if (person.Email is not { } email || !Chance(_profile.EmailPresent)) return null;
        return Chance(0.03) ? Text.Capitalise(email) : email;
    }

    private string? ExtraSpaces(string? value)
    {
        if (string.IsNullOrEmpty(value)) return value;
        var space = value.IndexOf(' ');
        return _random.Next(3) switch
        {
            0 => " " + value,
            1 => value + "  ",
            _ => space > 0 ? value.Insert(space, " ") : value + " ",
        };
    }

    private static string Initials(string middleNames)
    {
        var parts = middleNames.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 1 ? parts[0][..1] : string.Join(' ', parts.Select(p => p[..1]));
    }


    private bool Chance(double probability) => probability > 0 && _random.NextDouble() < probability;
}
