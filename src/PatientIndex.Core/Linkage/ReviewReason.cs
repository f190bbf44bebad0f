using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Linkage;

/// <summary>
/// Why a pair is in front of a steward, in their words: the household pattern it shows (possible twins,
/// a parent and child of one name, siblings), else which fields agree, which are only close, and which differ.
/// The probability beside it is the model's; this says what it saw.
/// </summary>
public static class ReviewReason
{
    public const string PossibleTwins = "same family name and birth date, different given names: possible twins";
    public const string PossibleParentAndChild = "same name and home, birth dates years apart: possible parent and child";
    public const string PossibleSiblings = "same family name and home, different given names: possible siblings";

    /// <summary>The kinds of reason a steward filters the queue by, most telling first; a reason has the first that fits.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["refused", "twins", "parent-child", "siblings", "nhs-differs", "dob-differs", "name-close", "dob-close"];

    /// <summary>
    /// The kind of a reason this class wrote (one of <see cref="Kinds"/>), or null for any other reason. The store keeps it
    /// beside the reason, so the queue filters on it by an index rather than by matching text over every task.
    /// </summary>
    public static string? KindOf(string reason)
    {
        if (reason.StartsWith("link refused", StringComparison.Ordinal)) return "refused";
        if (reason == PossibleTwins) return "twins";
        if (reason == PossibleParentAndChild) return "parent-child";
        if (reason == PossibleSiblings) return "siblings";
        var parts = reason.Split("; ");
        string Part(string head) => parts.FirstOrDefault(p => p.StartsWith(head, StringComparison.Ordinal)) ?? "";
        var (differ, close) = (Part("differ: "), Part("close: "));
        if (differ.Contains("NHS number", StringComparison.Ordinal)) return "nhs-differs";
        if (differ.Contains("birth date", StringComparison.Ordinal)) return "dob-differs";
        if (close.Contains("name", StringComparison.Ordinal)) return "name-close";
        if (close.Contains("birth date", StringComparison.Ordinal)) return "dob-close";
        return null;
    }

    public static string Of(in ComparisonVector v)
    {
        if (IdentityEvidence.IsTwinSignature(v)) return PossibleTwins;
        var household = FamilyAgrees(v) && IdentityEvidence.SharesHome(v);
        if (household && GivenAgrees(v) && YearsApart(v)) return PossibleParentAndChild;
        if (household && v[Comparison.GivenName] is GivenLevel.Different or GivenLevel.Phonetic or GivenLevel.Initial
            && v[Comparison.Dob] != DobLevel.Exact) return PossibleSiblings;
        return Evidence(v);
    }

    /// <summary>"agree: …; close: …; differ: …", over the fields both records have.</summary>
    public static string Evidence(in ComparisonVector v)
    {
        List<string> agree = [], close = [], differ = [];
        foreach (var definition in ComparisonSchema.Comparisons)
        {
            var level = v[definition.Comparison];
            if (level == 0) continue;
            var field = FieldWords(definition.Comparison);
            if (level == 1) agree.Add(field);
            else if (level == definition.Levels.Count) differ.Add(field);
            else close.Add($"{field} ({LevelWords(definition.LevelName(level))})");
        }
        var parts = new List<string>(3);
        if (agree.Count > 0) parts.Add("agree: " + string.Join(", ", agree));
        if (close.Count > 0) parts.Add("close: " + string.Join(", ", close));
        if (differ.Count > 0) parts.Add("differ: " + string.Join(", ", differ));
        return parts.Count == 0 ? "nothing to compare" : string.Join("; ", parts);
    }

    private static bool FamilyAgrees(in ComparisonVector v) => v[Comparison.FamilyName] is FamilyLevel.Exact or FamilyLevel.Close;

    private static bool GivenAgrees(in ComparisonVector v) => v[Comparison.GivenName] is GivenLevel.Exact or GivenLevel.Nickname or GivenLevel.Close;

    private static bool YearsApart(in ComparisonVector v) => v[Comparison.Dob] is DobLevel.Different or DobLevel.WithinTenYears;

    private static string FieldWords(Comparison comparison) => comparison switch
    {
        Comparison.NhsNumber => "NHS number",
        Comparison.OtherId => "other identifier",
        Comparison.GivenName => "given name",
        Comparison.FamilyName => "family name",
        Comparison.Dob => "birth date",
        Comparison.Sex => "sex",
        Comparison.Postcode => "postcode",
        Comparison.Address => "address",
        Comparison.City => "town",
        Comparison.Phone => "phone",
        Comparison.Email => "email",
        _ => comparison.ToString(),
    };

    private static string LevelWords(string level) => level switch
    {
        "exact_invalid" => "same number, unverified",
        "one_edit" or "within_two_edits" => "a keystroke or two apart",
        "nickname" => "nickname",
        "swapped_with_family" => "swapped with the family name",
        "initial" => "initial only",
        "matches_middle_name" => "matches a middle name",
        "shares_a_part" => "shares a part",
        "day_month_swapped" => "day and month swapped",
        "within_one_month" => "within a month",
        "within_one_year" => "within a year",
        "two_of_three_parts" => "two of day, month and year",
        "within_ten_years" => "within ten years",
        "partial_agrees" => "year or month agrees; date incomplete",
        "same_non_uk_code" => "same postal code",
        "sector" => "same sector",
        "district" => "same district",
        "area" => "same area",
        _ => "similar",
    };
}
