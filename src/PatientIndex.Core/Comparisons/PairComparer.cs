using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;
using PatientIndex.Core.Text;

namespace PatientIndex.Core.Comparisons;

/// <summary>
/// Compares two normalised records field by field into a <see cref="ComparisonVector"/>.
/// Each field takes the first level that holds, strongest first; the raw similarities the cascade
/// computes on the way are kept beside the levels for the trained model. Allocation-free except for the
/// rare multi-part family names, which FuzzySharp's token ratio handles.
/// </summary>
public static class PairComparer
{
    public static ComparisonVector Compare(NormalisedRecord a, NormalisedRecord b)
    {
        var v = new ComparisonVector();
        v.Levels[(int)Comparison.NhsNumber] = NhsNumber(a, b);
        v.Levels[(int)Comparison.OtherId] = Identifier(a.OtherId, b.OtherId, maxEdits: a.OtherId is { Length: >= 8 } ? 2 : 1);
        CompareNames(a, b, ref v);
        v.Levels[(int)Comparison.Dob] = Dob(a.Dob, b.Dob, ref v);
        v.Levels[(int)Comparison.Sex] = a.Sex == Sex.Unknown || b.Sex == Sex.Unknown ? (byte)0
            : a.Sex == b.Sex ? SexLevel.Same : SexLevel.Different;
        v.Levels[(int)Comparison.Postcode] = Postcode(a.Postcode, b.Postcode);
        if (a.Postcode is not null && b.Postcode is not null)
            v.PostcodeSharedPrefix = (byte)a.Postcode.Value.AsSpan().CommonPrefixLength(b.Postcode.Value);
        v.Levels[(int)Comparison.Address] = Text(a.Address, b.Address, out v.AddressSimilarity);
        v.Levels[(int)Comparison.City] = ShortText(a.City, b.City, 0.9, out v.CitySimilarity);
        v.Levels[(int)Comparison.Phone] = Identifier(a.Phone, b.Phone);
        v.Levels[(int)Comparison.Email] = ShortText(a.Email, b.Email, 0.9, out v.EmailSimilarity);
        if (a.HomeKey != 0 && a.HomeKey == b.HomeKey)
        {
            v.HouseholdSize = (byte)Math.Min(Math.Max(a.HouseholdSize, b.HouseholdSize), 255);
            if (v.Levels[(int)Comparison.GivenName] is GivenLevel.Exact or GivenLevel.Close or GivenLevel.Nickname)
                v.NamesakesAtHome = (byte)Math.Min(Math.Max(a.NamesakesAtHome, b.NamesakesAtHome), 255);
        }
        return v;
    }

    internal static byte NhsNumber(NormalisedRecord a, NormalisedRecord b)
    {
        if (a.NhsNumber is null || b.NhsNumber is null) return 0;
        // A number either source marks unverified may have been keyed against the wrong patient: agreement
        // on it is weighed as agreement on a number that fails its check digit, not as the strongest there is.
        if (a.NhsNumber == b.NhsNumber) return a.NhsNumberTrusted && b.NhsNumberTrusted ? NhsLevel.ExactValid : NhsLevel.ExactInvalid;
        // Two valid numbers are never one keying error apart: Modulus 11 catches every single
        // substitution and adjacent transposition. So one-edit-apart means a typo of the same number.
        return DamerauLevenshtein.WithinOneEdit(a.NhsNumber, b.NhsNumber) ? NhsLevel.OneEdit : NhsLevel.Different;
    }

    private static byte Identifier(string? a, string? b, int maxEdits = 1)
    {
        if (a is null || b is null) return 0;
        if (a == b) return IdLevel.Exact;
        return DamerauLevenshtein.Distance(a, b, maxEdits) <= maxEdits ? IdLevel.Close : IdLevel.Different;
    }

    private static void CompareNames(NormalisedRecord a, NormalisedRecord b, ref ComparisonVector v)
    {
        if (IsSwap(a, b))
        {
            v.Levels[(int)Comparison.GivenName] = GivenLevel.Swapped;
            v.GivenNameSimilarity = (Half)JaroWinkler.Similarity(a.GivenName, b.FamilyName);
            v.Levels[(int)Comparison.FamilyName] = FamilyName(a.FamilyName!, GivenAsFamily(b, a.FamilyName!), a, b, ref v, swapped: true);
            return;
        }
        v.Levels[(int)Comparison.GivenName] = GivenName(a, b, ref v);
        v.Levels[(int)Comparison.FamilyName] = a.FamilyName is null || b.FamilyName is null
            ? (byte)0
            : FamilyName(a.FamilyName, b.FamilyName, a, b, ref v, swapped: false);
    }

    private static bool IsSwap(NormalisedRecord a, NormalisedRecord b) =>
        a.GivenName is { Length: > 1 } ag && b.GivenName is { Length: > 1 } bg
        && a.FamilyName is { } af && b.FamilyName is { } bf
        && ag != bg && af != bf
        && Close(GivenAsFamily(a, bf), bf) && Close(af, GivenAsFamily(b, af));

    /// <summary>A given name as it would read in the family-name field: multi-part given names (De La Cruz) joined.</summary>
    private static string GivenAsFamily(NormalisedRecord r, string family) =>
        r.GivenNameJoined is { } joined && !Close(r.GivenName!, family) && Close(joined, family) ? joined : r.GivenName!;

    private static bool Close(string x, string y) => x == y || JaroWinkler.Similarity(x, y) >= 0.92;

    private static byte GivenName(NormalisedRecord a, NormalisedRecord b, ref ComparisonVector v)
    {
        var x = a.GivenName;
        var y = b.GivenName;
        if (x is null || y is null) return 0;
        var similarity = JaroWinkler.Similarity(x, y);
        v.GivenNameSimilarity = (Half)similarity;
        if (x == y)
        {
            if (x.Length == 1) return GivenLevel.Initial;
            v.GivenNameFrequency = a.GivenNameFrequency;
            return GivenLevel.Exact;
        }
        if (x.Length == 1 || y.Length == 1) return x[0] == y[0] ? GivenLevel.Initial : GivenLevel.Different;
        if (NicknameTable.SharesGroup(a.GivenNameGroups, b.GivenNameGroups)) return GivenLevel.Nickname;
        if (similarity >= 0.92 || IsTypo(x, y)) return GivenLevel.Close;
        if (similarity >= 0.8 || a.GivenNamePhonetic == b.GivenNamePhonetic) return GivenLevel.Phonetic;
        if (IsFirstMiddleName(x, b.MiddleNames) || IsFirstMiddleName(y, a.MiddleNames)) return GivenLevel.MiddleName;
        return GivenLevel.Different;
    }

    /// <summary>
    /// One slip of the keyboard after the first letter (Tynan, Tyan). A changed first letter is left out:
    /// rhyming names (Dean and Sean, Aidan and Jaden) are how parents name twins.
    /// </summary>
    private static bool IsTypo(string x, string y) =>
        x.Length >= 4 && y.Length >= 4 && x[0] == y[0] && DamerauLevenshtein.WithinOneEdit(x, y);

    private static bool IsFirstMiddleName(string given, string? middleNames) =>
        middleNames is not null && middleNames.StartsWith(given, StringComparison.Ordinal)
        && (middleNames.Length == given.Length || middleNames[given.Length] == ' ');

    private static byte FamilyName(string x, string y, NormalisedRecord a, NormalisedRecord b, ref ComparisonVector v, bool swapped)
    {
        if (x == y)
        {
            if (!swapped) v.FamilyNameFrequency = a.FamilyNameFrequency;
            v.FamilyNameSimilarity = Half.One;
            return FamilyLevel.Exact;
        }
        var similarity = JaroWinkler.Similarity(x, y);
        v.FamilyNameSimilarity = (Half)similarity;
        if (similarity >= 0.92 || (x.Length >= 4 && y.Length >= 4 && DamerauLevenshtein.WithinOneEdit(x, y))) return FamilyLevel.Close;
        if (!swapped && SharesPart(a, b)) return FamilyLevel.SharesPart;
        if (similarity >= 0.8 || (!swapped && a.FamilyNamePhonetic == b.FamilyNamePhonetic)) return FamilyLevel.Phonetic;
        return FamilyLevel.Different;
    }

    /// <summary>Double-barrelled and married names: Smith-Jones against Jones.</summary>
    private static bool SharesPart(NormalisedRecord a, NormalisedRecord b)
    {
        if (a.FamilyNameParts.Length == 0 && b.FamilyNameParts.Length == 0) return false;
        // Token-set similarity of 90 needs two parts that start alike; most pairs have none, and are
        // settled here without the token sets being built.
        if (!AnyPartsStartAlike(a, b)) return false;
        if (OneIsAPartOfTheOther(a, b)) return true;
        var left = a.FamilyNameParts.Length > 0 ? string.Join(' ', a.FamilyNameParts) : a.FamilyName!;
        var right = b.FamilyNameParts.Length > 0 ? string.Join(' ', b.FamilyNameParts) : b.FamilyName!;
        return FuzzySharp.Fuzz.TokenSetRatio(left, right) >= 90;
    }

    private static bool AnyPartsStartAlike(NormalisedRecord a, NormalisedRecord b)
    {
        for (var i = 0; i < Math.Max(1, a.FamilyNameParts.Length); i++)
            for (var j = 0; j < Math.Max(1, b.FamilyNameParts.Length); j++)
                if (Start(FamilyNamePart(a, i)).SequenceEqual(Start(FamilyNamePart(b, j)))) return true;
        return false;
    }

    /// <summary>Smith against Wright-Smith: the token sets' verdict (one within the other scores 100) without building them.</summary>
    private static bool OneIsAPartOfTheOther(NormalisedRecord a, NormalisedRecord b) =>
        (b.FamilyNameParts.Length == 0 && Array.IndexOf(a.FamilyNameParts, b.FamilyName) >= 0)
        || (a.FamilyNameParts.Length == 0 && Array.IndexOf(b.FamilyNameParts, a.FamilyName) >= 0);

    private static string FamilyNamePart(NormalisedRecord r, int i) => r.FamilyNameParts.Length > 0 ? r.FamilyNameParts[i] : r.FamilyName!;

    private static ReadOnlySpan<char> Start(string part) => part.AsSpan(0, Math.Min(2, part.Length));

    /// <summary>The birth dates' level, with the days between them and the parts that agree kept for the trained model.</summary>
    private static byte Dob(int a, int b, ref ComparisonVector v)
    {
        if (a == 0 || b == 0) return 0;
        if (BirthDate.IsPartial(a) || BirthDate.IsPartial(b)) return PartialDob(a, b, ref v);
        int ay = a / 10000, am = a / 100 % 100, ad = a % 100;
        int by = b / 10000, bm = b / 100 % 100, bd = b % 100;
        v.DobPartsAgreeing = (ay == by ? DobParts.Year : 0) | (am == bm ? DobParts.Month : 0) | (ad == bd ? DobParts.Day : 0);
        if (a == b) return DobLevel.Exact;
        var days = Math.Abs(new DateOnly(ay, am, ad).DayNumber - new DateOnly(by, bm, bd).DayNumber);
        v.DobDaysApart = (Half)days;
        if (ay == by && am == bd && ad == bm) return DobLevel.DayMonthSwapped;
        if (WithinOneDigitEdit(a, b)) return DobLevel.OneEdit;
        // Beyond keying errors, recorded dates drift: a registration clerk's guess, a year copied
        // from the wrong line. Closeness in time is weaker evidence than a keying pattern, but evidence.
        if (days <= 31) return DobLevel.WithinMonth;
        if (days <= 366) return DobLevel.WithinYear;
        var same = (ay == by ? 1 : 0) + (am == bm ? 1 : 0) + (ad == bd ? 1 : 0);
        // The same birthday a generation apart is a parent and child, not a mistyped year.
        if (same == 2 && Math.Abs(ay - by) <= 10) return DobLevel.TwoOfThree;
        return days <= 3653 ? DobLevel.WithinTenYears : DobLevel.Different;
    }

    /// <summary>
    /// A year, or a year and month, against another date: the parts both sides have agree or they do not.
    /// Such a date is weaker evidence than a full one, so it has its own level, whose weight EM learns.
    /// </summary>
    private static byte PartialDob(int a, int b, ref ComparisonVector v)
    {
        int ay = BirthDate.Year(a), am = BirthDate.Month(a), by = BirthDate.Year(b), bm = BirthDate.Month(b);
        var monthsKnown = am != 0 && bm != 0;
        v.DobPartsAgreeing = (ay == by ? DobParts.Year : 0) | (monthsKnown && am == bm ? DobParts.Month : 0);
        v.DobDaysApart = (Half)Math.Abs(BirthDate.Midpoint(a).DayNumber - BirthDate.Midpoint(b).DayNumber);
        if (ay == by && (!monthsKnown || am == bm)) return DobLevel.PartialAgrees;
        return Math.Abs(ay - by) <= 10 ? DobLevel.WithinTenYears : DobLevel.Different;
    }

    /// <summary>The eight digits yyyymmdd differ in one place, or by one adjacent transposition.</summary>
    private static bool WithinOneDigitEdit(int a, int b)
    {
        // Both have eight digits, so one edit is one digit changed or two neighbouring digits swapped.
        int x = a, y = b, differing = 0, firstPlace = -1;
        for (var place = 0; place < 8; place++, x /= 10, y /= 10)
        {
            if (x % 10 == y % 10) continue;
            if (++differing == 1) firstPlace = place;
            else if (differing > 2 || place != firstPlace + 1) return false;
        }
        return differing < 2
            || (Digit(a, firstPlace) == Digit(b, firstPlace + 1) && Digit(a, firstPlace + 1) == Digit(b, firstPlace));
    }

    private static readonly int[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

    private static int Digit(int value, int place) => value / PowersOfTen[place] % 10;

    private static byte Postcode(Postcode? a, Postcode? b)
    {
        if (a is null || b is null) return 0;
        // A zip code or an overseas code names a far larger area than a UK unit (a few dozen homes), so it has its own level.
        if (a.Value == b.Value) return a.IsUk ? PostcodeLevel.Unit : PostcodeLevel.SameNonUkCode;
        if (DamerauLevenshtein.WithinOneEdit(a.Value, b.Value)) return PostcodeLevel.OneEdit;
        if (!a.IsUk || !b.IsUk) return PostcodeLevel.Different;
        if (a.Sector == b.Sector) return PostcodeLevel.Sector;
        if (a.District == b.District) return PostcodeLevel.District;
        return a.Area == b.Area ? PostcodeLevel.Area : PostcodeLevel.Different;
    }

    private static byte Text(string? a, string? b, out Half similarity)
    {
        similarity = default;
        if (a is null || b is null) return 0;
        similarity = Half.One;
        if (a == b) return TextLevel.Exact;
        var jw = JaroWinkler.Similarity(a, b);
        similarity = (Half)jw;
        return jw >= 0.92 ? TextLevel.Close : jw >= 0.8 ? TextLevel.Partial : TextLevel.Different;
    }

    private static byte ShortText(string? a, string? b, double close, out Half similarity)
    {
        similarity = default;
        if (a is null || b is null) return 0;
        similarity = Half.One;
        if (a == b) return ShortTextLevel.Exact;
        var jw = JaroWinkler.Similarity(a, b);
        similarity = (Half)jw;
        return jw >= close ? ShortTextLevel.Close : ShortTextLevel.Different;
    }
}
