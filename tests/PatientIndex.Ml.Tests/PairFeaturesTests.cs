using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Ml.Tests;

public class PairFeaturesTests
{
    private static readonly RecordNormaliser Normaliser = new();

    private static readonly SourceRecord Jonathan = new() { Source = "gp", RecordId = "1", GivenName = "Jonathan", FamilyName = "Hughes", Dob = "1961-04-12", Postcode = "LS6 2QT", AddressLine1 = "14 Cardigan Road", City = "Leeds" };

    private static float Feature(SourceRecord a, SourceRecord b, string name) =>
        PairFeatures.Of(PairComparer.Compare(Normaliser.Normalise(a), Normaliser.Normalise(b)), Fixtures.FellegiSunter())[PairFeatures.IndexOf(name)];

    [Fact]
    public void a_typo_in_the_given_name_gets_a_high_jaro_winkler_feature()
    {
        var typo = Feature(Jonathan, Jonathan with { RecordId = "2", GivenName = "Jonathon" }, "given_name.jaro_winkler");
        var other = Feature(Jonathan, Jonathan with { RecordId = "2", GivenName = "Mary" }, "given_name.jaro_winkler");
        Assert.InRange(typo, 0.9f, 0.99f);
        Assert.True(other < 0.6f, $"{other}");
    }

    [Theory]
    [InlineData("given_name.jaro_winkler")]
    [InlineData("family_name.jaro_winkler")]
    [InlineData("dob.days_apart")]
    [InlineData("dob.same_day")]
    [InlineData("postcode.shared_prefix")]
    [InlineData("address.jaro_winkler")]
    [InlineData("city.jaro_winkler")]
    [InlineData("email.jaro_winkler")]
    public void a_missing_field_gives_the_missing_value_not_a_disagreement(string name)
    {
        var blank = new SourceRecord { Source = "h", RecordId = "2" };
        Assert.Equal(PairFeatures.Missing, Feature(Jonathan, blank, name));
    }

    [Fact]
    public void birth_dates_a_day_apart_give_their_distance_and_agreeing_parts()
    {
        var other = Jonathan with { RecordId = "2", Dob = "1961-04-13" };
        Assert.Equal(1f, Feature(Jonathan, other, "dob.days_apart"));
        Assert.Equal(1f, Feature(Jonathan, other, "dob.same_year"));
        Assert.Equal(1f, Feature(Jonathan, other, "dob.same_month"));
        Assert.Equal(0f, Feature(Jonathan, other, "dob.same_day"));
    }

    [Fact]
    public void every_similarity_feature_belongs_to_the_comparison_it_is_named_for()
    {
        for (var f = PairFeatures.FirstSimilarity; f < PairFeatures.Count; f++)
            Assert.StartsWith(ComparisonSchema.Comparisons[PairFeatures.ComparisonOf(f)].Name + ".", PairFeatures.Names[f]);
    }

    [Fact]
    public void the_raw_similarities_are_part_of_the_schema_hash() =>
        Assert.Contains("given_name.jaro_winkler", PairFeatures.Describe());
}
