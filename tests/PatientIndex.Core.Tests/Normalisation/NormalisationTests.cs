using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Core.Tests.Normalisation;

public class PostcodeTests
{
    [Theory]
    [InlineData("sw1a1aa", "SW1A 1AA", "SW", "SW1A", "SW1A 1")]
    [InlineData(" M1 1AE ", "M1 1AE", "M", "M1", "M1 1")]
    [InlineData("b33 8th", "B33 8TH", "B", "B33", "B33 8")]
    [InlineData("CR2 6XH", "CR2 6XH", "CR", "CR2", "CR2 6")]
    [InlineData("DN55-1PT", "DN55 1PT", "DN", "DN55", "DN55 1")]
    public void a_uk_postcode_is_canonical_with_its_area_district_and_sector(string raw, string value, string area, string district, string sector)
    {
        var postcode = Postcode.Parse(raw)!;
        Assert.True(postcode.IsUk);
        Assert.Equal(value, postcode.Value);
        Assert.Equal(area, postcode.Area);
        Assert.Equal(district, postcode.District);
        Assert.Equal(sector, postcode.Sector);
    }

    [Theory]
    [InlineData("2612", "2612")]
    [InlineData("75008", "75008")]
    [InlineData("k1a 0b1", "K1A0B1")]
    public void a_non_uk_postal_code_is_kept_as_a_plain_string(string raw, string value)
    {
        var postcode = Postcode.Parse(raw)!;
        Assert.False(postcode.IsUk);
        Assert.Equal(value, postcode.Value);
    }

    [Fact]
    public void an_empty_postcode_is_missing() => Assert.Null(Postcode.Parse("  "));
}

public class BirthDateTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void an_iso_date_becomes_yyyymmdd() => Assert.Equal(19560229, BirthDate.Parse("1956-02-29", null, Today, out _));

    [Fact]
    public void an_impossible_date_is_blanked_and_reported()
    {
        Assert.Equal(0, BirthDate.Parse("1956-02-31", null, Today, out var problem));
        Assert.Equal("impossible date", problem);
    }

    [Theory]
    [InlineData("1900-01-01")]
    [InlineData("1800-01-01")]
    public void a_placeholder_date_is_missing_without_complaint(string raw)
    {
        Assert.Equal(0, BirthDate.Parse(raw, null, Today, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void a_date_in_the_future_is_blanked_and_reported()
    {
        Assert.Equal(0, BirthDate.Parse("2031-01-01", null, Today, out var problem));
        Assert.Contains("future", problem);
    }

    [Fact]
    public void a_custom_format_reads_febrl_dates() => Assert.Equal(19391012, BirthDate.Parse("19391012", "yyyyMMdd", Today, out _));

    [Fact]
    public void a_custom_format_reads_day_first_dates() => Assert.Equal(19391012, BirthDate.Parse("12/10/1939", "dd/MM/yyyy", Today, out _));

    [Fact]
    public void text_that_is_not_a_date_is_reported()
    {
        Assert.Equal(0, BirthDate.Parse("last tuesday", null, Today, out var problem));
        Assert.NotNull(problem);
    }
}

public class SexCodeTests
{
    [Theory]
    [InlineData("M", Sex.Male)]
    [InlineData("male", Sex.Male)]
    [InlineData("1", Sex.Male)]
    [InlineData("F", Sex.Female)]
    [InlineData("Female", Sex.Female)]
    [InlineData("2", Sex.Female)]
    [InlineData("9", Sex.Unknown)]
    [InlineData("unknown", Sex.Unknown)]
    [InlineData("", Sex.Unknown)]
    public void common_spellings_of_sex_are_understood(string raw, Sex expected) => Assert.Equal(expected, SexCode.Parse(raw));
}

public class NameTextTests
{
    [Theory]
    [InlineData("O'Brien", new[] { "obrien" })]
    [InlineData("Smith-Jones", new[] { "smith", "jones" })]
    [InlineData("Zoë", new[] { "zoe" })]
    [InlineData("Mr John", new[] { "john" })]
    [InlineData("MacDonald", new[] { "mcdonald" })]
    [InlineData("McDonald", new[] { "mcdonald" })]
    [InlineData("  SMITH  Jr ", new[] { "smith" })]
    [InlineData("José-María", new[] { "jose", "maria" })]
    public void names_become_lower_case_ascii_tokens(string raw, string[] expected) =>
        Assert.Equal(expected, NameText.PersonalNameTokens(raw));
}

public class NicknameTableTests
{
    [Theory]
    [InlineData("william", "bill")]
    [InlineData("margaret", "peggy")]
    [InlineData("robert", "bob")]
    [InlineData("elizabeth", "liz")]
    public void a_nickname_is_equivalent_to_its_full_name(string a, string b) => Assert.True(NicknameTable.Default.AreEquivalent(a, b));

    [Fact]
    public void unrelated_names_are_not_equivalent() => Assert.False(NicknameTable.Default.AreEquivalent("william", "margaret"));
}

public class RecordNormaliserMemoTests
{
    private static readonly RecordNormaliser Normaliser = new(NicknameTable.Default, new DateOnly(2026, 11, 24));

    private static SourceRecord Source(string id, string? given, string? middle, string? family, string? dob, string? postcode, string? city, string? sex) =>
        new() { Source = "gp", RecordId = id, GivenName = given, MiddleNames = middle, FamilyName = family, Dob = dob, Postcode = postcode, City = city, Sex = sex };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void a_memo_gives_the_same_records_as_normalising_each_afresh(bool shared)
    {
        SourceRecord[] sources =
        [
            Source("1", "Mary Jane", null, "Smith-Jones", "1980-03-07", "sw1a1aa", "London", "F"),
            Source("2", "Mary Jane", "Ann", "Smith-Jones", "1980-03-07", "SW1A 1AA", "london", "female"),
            Source("3", "mr Bill", null, "MacDonald", "1956-02-31", "12345", null, "m"),
            Source("4", "mr Bill", null, "MacDonald", "1956-02-31", "12345", null, "m"),
            Source("5", null, "Ann", null, null, null, "London", null),
        ];
        var memo = shared ? Normaliser.NewSharedMemo() : Normaliser.NewMemo();
        foreach (var source in sources)
        {
            var freshProblems = new List<FieldProblem>();
            var memoProblems = new List<FieldProblem>();
            var fresh = Normaliser.Normalise(source, freshProblems);
            var remembered = Normaliser.Normalise(source, memoProblems, memo);
            Assert.Equivalent(fresh, remembered, strict: true);
            Assert.Equal(freshProblems, memoProblems);
        }
    }

    [Fact]
    public void records_with_the_same_raw_value_share_its_normalised_form()
    {
        var memo = Normaliser.NewMemo();
        var first = Normaliser.Normalise(Source("1", "Mary Jane", null, "Smith-Jones", "1980-03-07", "SW1A 1AA", null, null), null, memo);
        var second = Normaliser.Normalise(Source("2", "Mary Jane", null, "Smith-Jones", "1980-03-07", "SW1A 1AA", null, null), null, memo);
        Assert.Same(first.FamilyNameParts, second.FamilyNameParts);
        Assert.Same(first.Postcode, second.Postcode);
        Assert.Same(first.MiddleNames, second.MiddleNames);
    }

    [Fact]
    public void records_normalised_on_many_threads_with_a_shared_memo_share_one_form_of_each_value()
    {
        var memo = Normaliser.NewSharedMemo();
        var records = new NormalisedRecord[2000];
        Parallel.For(0, records.Length, i => records[i] = Normaliser.Normalise(
            Source(i.ToString(), "Mary Jane", null, "Smith-Jones", "1980-03-07", "SW1A 1AA", "London", "F") with { Source = new string("gp") }, null, memo));

        Assert.All(records, r =>
        {
            Assert.Same(records[0].GivenName, r.GivenName);
            Assert.Same(records[0].FamilyName, r.FamilyName);
            Assert.Same(records[0].Postcode, r.Postcode);
            Assert.Same(records[0].City, r.City);
            Assert.Same(records[0].Source, r.Source);
        });
    }
}
