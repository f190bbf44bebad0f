using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Tests.Comparisons;

public class RawSimilarityTests
{
    [Fact]
    public void a_one_keystroke_given_name_typo_keeps_a_high_jaro_winkler()
    {
        var v = PairComparer.Compare(Rec.Make(given: "Jonathan"), Rec.Make(given: "Jonathon"));
        Assert.InRange((float)v.GivenNameSimilarity, 0.9f, 0.99f);
    }

    [Fact]
    public void unrelated_given_names_have_a_low_jaro_winkler()
    {
        var v = PairComparer.Compare(Rec.Make(given: "Sarah"), Rec.Make(given: "Oscar"));
        Assert.True((float)v.GivenNameSimilarity < 0.7f, $"{v.GivenNameSimilarity}");
    }

    [Fact]
    public void names_within_one_level_are_told_apart_by_their_similarity()
    {
        var william = Rec.Make(family: "Hughes");
        var closer = PairComparer.Compare(william, Rec.Make(family: "Hughs"));
        var further = PairComparer.Compare(william, Rec.Make(family: "Hugjes"));
        Assert.Equal(closer[Comparison.FamilyName], further[Comparison.FamilyName]);
        Assert.NotEqual(closer.FamilyNameSimilarity, further.FamilyNameSimilarity);
    }

    [Fact]
    public void an_exact_agreement_is_a_similarity_of_one()
    {
        var v = PairComparer.Compare(Rec.Make(family: "Patel", address: "14 Cardigan Road", city: "Leeds"), Rec.Make(family: "Patel", address: "14 Cardigan Road", city: "Leeds"));
        Assert.Equal(Half.One, v.FamilyNameSimilarity);
        Assert.Equal(Half.One, v.AddressSimilarity);
        Assert.Equal(Half.One, v.CitySimilarity);
    }

    [Fact]
    public void a_missing_field_leaves_its_similarity_at_zero_and_its_level_missing()
    {
        var v = PairComparer.Compare(Rec.Make(given: "Sarah", city: "Leeds"), Rec.Make(given: null, city: null));
        Assert.Equal(0, v[Comparison.GivenName]);
        Assert.Equal(Half.Zero, v.GivenNameSimilarity);
        Assert.Equal(Half.Zero, v.CitySimilarity);
        Assert.Equal(DobParts.None, v.DobPartsAgreeing);
    }

    [Theory]
    [InlineData("1980-03-07", "1980-03-07", 0, DobParts.Year | DobParts.Month | DobParts.Day)]
    [InlineData("1980-03-07", "1980-03-08", 1, DobParts.Year | DobParts.Month)]
    [InlineData("1980-03-07", "1980-07-03", 118, DobParts.Year)]
    [InlineData("1980-03-07", "1975-03-07", 1827, DobParts.Month | DobParts.Day)]
    public void birth_dates_carry_the_days_between_them_and_the_parts_that_agree(string a, string b, int days, DobParts parts)
    {
        var v = PairComparer.Compare(Rec.Make(dob: a), Rec.Make(dob: b));
        Assert.Equal(days, (float)v.DobDaysApart);
        Assert.Equal(parts, v.DobPartsAgreeing);
    }

    [Theory]
    [InlineData("SW1A 1AA", "SW1A 1AA", 8)]
    [InlineData("SW1A 1AA", "SW1A 1BD", 6)]
    [InlineData("SW1A 1AA", "SW3 4RY", 2)]
    [InlineData("SW1A 1AA", "M1 1AE", 0)]
    public void postcodes_carry_how_many_leading_characters_they_share(string a, string b, int shared) =>
        Assert.Equal(shared, PairComparer.Compare(Rec.Make(postcode: a), Rec.Make(postcode: b)).PostcodeSharedPrefix);

    [Fact]
    public void a_name_swap_compares_each_name_with_the_other_records_opposite_name()
    {
        var v = PairComparer.Compare(Rec.Make(given: "Rajesh", family: "Kumar"), Rec.Make(given: "Kumar", family: "Rajesh"));
        Assert.Equal(Half.One, v.GivenNameSimilarity);
        Assert.Equal(Half.One, v.FamilyNameSimilarity);
    }
}
