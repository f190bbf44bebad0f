using PatientIndex.Core.Clustering;

namespace PatientIndex.Core.Tests.Clustering;

public class ContradictionTests
{
    private static string? Between(Records.NormalisedRecord a, Records.NormalisedRecord b) => Contradiction.Between(a, b, _ => false);

    [Theory]
    [InlineData(null, null)]
    [InlineData("01", null)]
    [InlineData("01", "01")]
    public void two_different_valid_nhs_numbers_neither_marked_unverified_are_two_people(string? a, string? b) =>
        Assert.Equal("different valid NHS numbers", Between(
            Rec.Make(given: "Amelia", family: "Hart", dob: "1984-02-29", nhs: "9434765919", nhsVerification: a),
            Rec.Make(given: "Amelia", family: "Hart", dob: "1984-02-29", nhs: "4010232137", nhsVerification: b)));

    [Theory]
    [InlineData("02")]
    [InlineData("05")]
    public void a_different_number_its_source_has_not_verified_is_no_proof_of_two_people(string status) =>
        Assert.Null(Between(
            Rec.Make(given: "Amelia", family: "Hart", dob: "1984-02-29", nhs: "9434765919", nhsVerification: "01"),
            Rec.Make(given: "Amelia", family: "Hart", dob: "1984-02-29", nhs: "4010232137", nhsVerification: status)));
}
