namespace PatientIndex.Core.Comparisons;

/// <summary>
/// The comparisons the engine makes between two records, each an ordered list of levels from the
/// strongest agreement to outright disagreement (Splink's shape). Level 0 of every comparison is
/// "missing on either side", which is evidence of nothing and always weighs zero.
/// </summary>
public static class ComparisonSchema
{
    public const int Count = 11;

    public static IReadOnlyList<ComparisonDefinition> Comparisons { get; } =
    [
        new(Comparison.NhsNumber, "nhs_number", ["exact_valid", "exact_invalid", "one_edit", "different"]),
        new(Comparison.OtherId, "other_id", ["exact", "within_two_edits", "different"]),
        new(Comparison.GivenName, "given_name", ["exact", "nickname", "jaro_winkler_0.92", "swapped_with_family", "initial", "phonetic_or_jw_0.8", "matches_middle_name", "different"]),
        new(Comparison.FamilyName, "family_name", ["exact", "jaro_winkler_0.92", "shares_a_part", "phonetic_or_jw_0.8", "different"]),
        new(Comparison.Dob, "dob", ["exact", "day_month_swapped", "one_edit", "within_one_month", "within_one_year", "two_of_three_parts", "within_ten_years", "partial_agrees", "different"]),
        new(Comparison.Sex, "sex", ["same", "different"]),
        new(Comparison.Postcode, "postcode", ["unit", "same_non_uk_code", "one_edit", "sector", "district", "area", "different"]),
        new(Comparison.Address, "address", ["exact", "jaro_winkler_0.92", "jaro_winkler_0.8", "different"]),
        new(Comparison.City, "city", ["exact", "jaro_winkler_0.9", "different"]),
        new(Comparison.Phone, "phone", ["exact", "one_edit", "different"]),
        new(Comparison.Email, "email", ["exact", "jaro_winkler_0.9", "different"]),
    ];

    /// <summary>Levels including the missing level 0.</summary>
    public static int LevelCount(int comparison) => Comparisons[comparison].Levels.Count + 1;

    public static int MaxLevelCount { get; } = Comparisons.Max(c => c.Levels.Count + 1);

    /// <summary>A stable text of the schema; models record its hash so a mismatched model is refused.</summary>
    public static string Describe() =>
        string.Join(";", Comparisons.Select(c => $"{c.Name}:{string.Join(",", c.Levels)}"));
}

public enum Comparison
{
    NhsNumber, OtherId, GivenName, FamilyName, Dob, Sex, Postcode, Address, City, Phone, Email,
}

public sealed record ComparisonDefinition(Comparison Comparison, string Name, IReadOnlyList<string> Levels)
{
    public string LevelName(int level) => level == 0 ? "missing" : Levels[level - 1];
}
