using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;

namespace PatientIndex.Core.Tests.Linkage;

public class IdentityEvidenceTests
{
    private static bool Present(Records.NormalisedRecord a, Records.NormalisedRecord b) => IdentityEvidence.IsPresent(PairComparer.Compare(a, b));

    [Fact]
    public void a_shared_address_surname_and_phone_alone_is_no_evidence_about_the_person() =>
        Assert.False(Present(
            Rec.Make(given: "Ann", family: "Shaw", dob: "1950-01-01", address: "1 High St", postcode: "LS1 4AP", phone: "0113 496 0000"),
            Rec.Make(given: "Tom", family: "Shaw", dob: "1952-06-30", address: "1 High St", postcode: "LS1 4AP", phone: "0113 496 0000")));

    [Fact]
    public void siblings_at_one_address_with_names_that_only_sound_alike_are_not_one_person() =>
        Assert.False(Present(
            Rec.Make(given: "Holly", family: "Shaw", dob: "2012-03-04", postcode: "LS1 4AP"),
            Rec.Make(given: "Hollie", family: "Shaw", dob: "2012-03-04", postcode: "LS1 4AP")));

    [Fact]
    public void twins_at_one_address_known_only_by_a_shared_initial_are_not_one_person() =>
        Assert.False(Present(
            Rec.Make(given: "J", family: "Shaw", dob: "2012-03-04", postcode: "LS1 4AP"),
            Rec.Make(given: "James", family: "Shaw", dob: "2012-03-04", postcode: "LS1 4AP")));

    [Fact]
    public void a_brother_and_sister_at_one_address_sharing_a_nickname_are_not_one_person() =>
        Assert.False(Present(
            Rec.Make(given: "Alex", family: "Shaw", dob: "2012-03-04", sex: "M", postcode: "LS1 4AP"),
            Rec.Make(given: "Alexandra", family: "Shaw", dob: "2012-03-04", sex: "F", postcode: "LS1 4AP")));

    [Fact]
    public void at_one_address_a_namesake_without_a_birth_date_is_not_one_person() =>
        Assert.False(Present(
            Rec.Make(given: "John", family: "Smith", dob: "1960-01-01", postcode: "LS1 4AP"),
            Rec.Make(given: "John", family: "Smith", postcode: "LS1 4AP")));

    [Fact]
    public void at_one_address_a_birth_date_years_out_needs_the_very_same_given_name()
    {
        Assert.False(Present(
            Rec.Make(given: "Alex", family: "Shaw", dob: "2010-03-04", postcode: "LS1 4AP"),
            Rec.Make(given: "Alexandra", family: "Shaw", dob: "2014-08-09", postcode: "LS1 4AP")));
        Assert.True(Present(
            Rec.Make(given: "Alexandra", family: "Shaw", dob: "2010-03-04", postcode: "LS1 4AP"),
            Rec.Make(given: "Alexandra", family: "Shaw", dob: "2014-08-09", postcode: "LS1 4AP")));
    }

    [Fact]
    public void at_one_address_a_namesake_with_another_family_name_needs_the_birth_date_to_agree()
    {
        // A lodger, or a stepfather and stepson: one given name, one home, different family names and birth dates.
        Assert.False(Present(
            Rec.Make(given: "Andrew", family: "Thomas", dob: "1994-05-15", address: "88 Highfield Parade", postcode: "W7 9EZ"),
            Rec.Make(given: "Andrew", family: "Bateman", dob: "1989-05-30", address: "88 Highfield Parade", postcode: "W7 9EZ")));
        // A married name with the birth date intact is still the one person.
        Assert.True(Present(
            Rec.Make(given: "Sarah", family: "Jones", dob: "1984-02-11", address: "4 Mill Lane", postcode: "LS1 4AP"),
            Rec.Make(given: "Sarah", family: "Okafor", dob: "1984-02-11", address: "4 Mill Lane", postcode: "LS1 4AP")));
    }

    [Fact]
    public void away_from_a_shared_home_a_similar_name_and_the_same_birth_date_are_evidence() =>
        Assert.True(Present(
            Rec.Make(given: "Elliot", family: "Page", dob: "1979-04-23", city: "London"),
            Rec.Make(given: "Eliott", family: "Page", dob: "1979-04-23", city: "London")));

    [Fact]
    public void two_identifiers_that_both_disagree_outweigh_names_and_a_birth_date_that_agree() =>
        Assert.False(Present(
            Rec.Make(given: "Holly", family: "Shaw", dob: "2012-03-04", nhs: "9434765919", otherId: "AB123456C"),
            Rec.Make(given: "Holly", family: "Shaw", dob: "2012-03-04", nhs: "4010232137", otherId: "ZX987654D")));

    [Fact]
    public void an_agreeing_nhs_number_is_evidence_whatever_the_names_say() =>
        Assert.True(Present(
            Rec.Make(given: "Peggy", family: "Shaw", nhs: "9434765919", postcode: "LS1 4AP"),
            Rec.Make(given: "Margaret", family: "Smith", nhs: "9434765919", postcode: "LS1 4AP")));

    [Fact]
    public void an_unverified_nhs_number_that_agrees_is_the_weak_evidence_of_a_number_with_a_bad_check_digit()
    {
        var unverified = PairComparer.Compare(
            Rec.Make(given: "Peggy", family: "Shaw", nhs: "9434765919", nhsVerification: "03"),
            Rec.Make(given: "Margaret", family: "Smith", nhs: "9434765919"));
        var badCheckDigit = PairComparer.Compare(Rec.Make(given: "Peggy", family: "Shaw", nhs: "9434765918"), Rec.Make(given: "Margaret", family: "Smith", nhs: "9434765918"));

        Assert.Equal(badCheckDigit[Comparison.NhsNumber], unverified[Comparison.NhsNumber]);
        Assert.Equal(IdentityEvidence.IsPresent(badCheckDigit), IdentityEvidence.IsPresent(unverified));
    }
}
