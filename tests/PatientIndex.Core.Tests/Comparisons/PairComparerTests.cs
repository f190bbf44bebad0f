using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Tests.Comparisons;

public class PairComparerTests
{
    private static string Level(Comparison comparison, PatientIndex.Core.Records.NormalisedRecord a, PatientIndex.Core.Records.NormalisedRecord b) =>
        ComparisonSchema.Comparisons[(int)comparison].LevelName(PairComparer.Compare(a, b)[comparison]);

    [Theory]
    [InlineData("William", "Bill", "nickname")]
    [InlineData("Margaret", "Peggy", "nickname")]
    [InlineData("Jonathon", "Jonathan", "jaro_winkler_0.92")]
    [InlineData("Tynan", "Tyan", "jaro_winkler_0.92")]
    [InlineData("Dean", "Sean", "phonetic_or_jw_0.8")]
    [InlineData("J", "John", "initial")]
    [InlineData("Sarah", "Sarah", "exact")]
    [InlineData("Sarah", "Thomas", "different")]
    [InlineData(null, "Thomas", "missing")]
    public void given_names_compare_at_the_expected_level(string? a, string? b, string expected) =>
        Assert.Equal(expected, Level(Comparison.GivenName, Rec.Make(given: a, family: "x"), Rec.Make(given: b, family: "x")));

    [Fact]
    public void given_and_family_names_the_wrong_way_round_are_a_swap()
    {
        var a = Rec.Make(given: "Rajesh", family: "Kumar");
        var b = Rec.Make(given: "Kumar", family: "Rajesh");
        Assert.Equal("swapped_with_family", Level(Comparison.GivenName, a, b));
    }

    [Fact]
    public void a_multi_part_name_the_wrong_way_round_is_a_swap()
    {
        var a = Rec.Make(given: "Cambell", family: "De La Cruz");
        var b = Rec.Make(given: "De La Cruz", family: "Cambell");
        Assert.Equal("swapped_with_family", Level(Comparison.GivenName, a, b));
        Assert.Equal("exact", Level(Comparison.FamilyName, a, b));
    }

    [Fact]
    public void a_given_name_used_as_the_middle_name_is_recognised() =>
        Assert.Equal("matches_middle_name", Level(Comparison.GivenName, Rec.Make(given: "Edward", middle: "James"), Rec.Make(given: "James")));

    [Theory]
    [InlineData("Smith-Jones", "Jones", "shares_a_part")]
    [InlineData("MacDonald", "McDonald", "exact")]
    [InlineData("Smith", "Smyth", "jaro_winkler_0.92")]
    [InlineData("Smith", "Patel", "different")]
    public void family_names_compare_at_the_expected_level(string a, string b, string expected) =>
        Assert.Equal(expected, Level(Comparison.FamilyName, Rec.Make(family: a), Rec.Make(family: b)));

    [Theory]
    [InlineData("1980-03-07", "1980-03-07", "exact")]
    [InlineData("1980-03-07", "1980-07-03", "day_month_swapped")]
    [InlineData("1980-03-07", "1980-03-08", "one_edit")]
    [InlineData("1980-03-07", "1980-04-02", "within_one_month")]
    [InlineData("1980-03-07", "1980-11-21", "within_one_year")]
    [InlineData("1980-03-07", "1975-03-07", "two_of_three_parts")]
    [InlineData("1980-03-07", "1947-03-07", "different")]
    [InlineData("1980-03-07", "1986-10-21", "within_ten_years")]
    [InlineData("1980-03-07", "1955-11-21", "different")]
    [InlineData("1980-03-07", "1900-01-01", "missing")]
    [InlineData("1980-03-17", "1908-03-17", "one_edit")]        // neighbouring digits swapped
    [InlineData("1980-12-17", "1980-12-27", "one_edit")]        // one digit changed
    [InlineData("1980-03-17", "1980-07-13", "within_one_year")] // two digits swapped that are not neighbours
    [InlineData("1980-03-17", "1981-03-18", "within_one_year")] // two digits changed
    public void birth_dates_compare_at_the_expected_level(string a, string b, string expected) =>
        Assert.Equal(expected, Level(Comparison.Dob, Rec.Make(dob: a), Rec.Make(dob: b)));

    [Theory]
    [InlineData("9434765919", "9434765919", "exact_valid")]
    [InlineData("9434765918", "9434765918", "exact_invalid")]
    [InlineData("9434765919", "9434765991", "one_edit")]
    [InlineData("9434765919", "4010232137", "different")]
    public void nhs_numbers_compare_at_the_expected_level(string a, string b, string expected) =>
        Assert.Equal(expected, Level(Comparison.NhsNumber, Rec.Make(nhs: a), Rec.Make(nhs: b)));

    [Theory]
    [InlineData(null, null, "exact_valid")]
    [InlineData("01", "01", "exact_valid")]
    [InlineData("01", null, "exact_valid")]
    [InlineData("02", "01", "exact_invalid")]
    [InlineData(null, "05", "exact_invalid")]
    [InlineData("08", "03", "exact_invalid")]
    [InlineData("01", "bogus", "exact_valid")]
    public void the_same_valid_nhs_number_is_exact_valid_only_when_neither_source_marks_it_unverified(string? a, string? b, string expected) =>
        Assert.Equal(expected, Level(Comparison.NhsNumber, Rec.Make(nhs: "9434765919", nhsVerification: a), Rec.Make(nhs: "9434765919", nhsVerification: b)));

    [Fact]
    public void a_verified_status_does_not_make_a_number_with_a_wrong_check_digit_valid() =>
        Assert.Equal("exact_invalid", Level(Comparison.NhsNumber,
            Rec.Make(nhs: "9434765918", nhsVerification: "01"), Rec.Make(nhs: "9434765918", nhsVerification: "01")));

    [Fact]
    public void an_unverified_number_one_edit_from_another_is_still_one_edit() =>
        Assert.Equal("one_edit", Level(Comparison.NhsNumber,
            Rec.Make(nhs: "9434765919", nhsVerification: "02"), Rec.Make(nhs: "9434765991")));

    [Theory]
    [InlineData("SW1A 1AA", "sw1a1aa", "unit")]
    [InlineData("SW1A 1AA", "SW1A 1AB", "one_edit")]
    [InlineData("SW1A 1AA", "SW1A 1BD", "sector")]
    [InlineData("SW1A 1AA", "SW1A 2PW", "district")]
    [InlineData("SW1A 1AA", "SW3 4RY", "area")]
    [InlineData("SW1A 1AA", "M1 1AE", "different")]
    public void postcodes_compare_at_the_expected_level(string a, string b, string expected) =>
        Assert.Equal(expected, Level(Comparison.Postcode, Rec.Make(postcode: a), Rec.Make(postcode: b)));

    [Fact]
    public void counts_per_level_on_a_tiny_dataset_are_as_expected()
    {
        // Four people's given names against "William": one exact, one nickname, one typo, one different.
        var william = Rec.Make(given: "William");
        var others = new[] { Rec.Make(given: "William"), Rec.Make(given: "Bill"), Rec.Make(given: "Willaim"), Rec.Make(given: "Oscar") };
        var counts = others.GroupBy(o => Level(Comparison.GivenName, william, o)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["exact"] = 1, ["nickname"] = 1, ["jaro_winkler_0.92"] = 1, ["different"] = 1 }, counts);
    }

    [Fact]
    public void an_exact_name_agreement_carries_the_names_frequency()
    {
        var a = Rec.Make(family: "Smith");
        var b = Rec.Make(family: "Smith");
        a.FamilyNameFrequency = 0.01f;
        Assert.Equal(0.01f, PairComparer.Compare(a, b).FamilyNameFrequency);
    }
}
