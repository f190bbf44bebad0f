using PatientIndex.Core.Blocking;

namespace PatientIndex.Core.Tests.Blocking;

public class CandidateGeneratorTests
{
    [Fact]
    public void a_pair_found_by_several_rules_is_a_candidate_once()
    {
        var a = Rec.Make(given: "Mary", family: "Shaw", dob: "1950-01-01", nhs: "9434765919", postcode: "LS1 4AP");
        var b = Rec.Make(given: "Mary", family: "Shaw", dob: "1950-01-01", nhs: "9434765919", postcode: "LS1 4AP");
        var (pairs, _, _) = new CandidateGenerator(BlockingRules.Default, 100).Generate([a, b]);
        Assert.Single(pairs);
    }

    [Fact]
    public void a_wrong_nhs_number_does_not_hide_a_match_that_names_and_birth_date_find()
    {
        var a = Rec.Make(given: "Mary", family: "Shaw", dob: "1950-01-01", nhs: "9434765919");
        var b = Rec.Make(given: "Mary", family: "Shaw", dob: "1950-01-01", nhs: "4010232137");
        var (pairs, _, _) = new CandidateGenerator(BlockingRules.Default, 100).Generate([a, b]);
        Assert.Single(pairs);
    }

    [Fact]
    public void records_with_nothing_in_common_are_not_candidates()
    {
        var a = Rec.Make(given: "Mary", family: "Shaw", dob: "1950-01-01");
        var b = Rec.Make(given: "Tom", family: "Okafor", dob: "1991-06-30");
        var (pairs, _, _) = new CandidateGenerator(BlockingRules.Default, 100).Generate([a, b]);
        Assert.Empty(pairs);
    }

    [Fact]
    public void an_over_large_block_is_split_and_what_cannot_be_split_is_counted_as_skipped()
    {
        var same = Enumerable.Range(0, 30).Select(_ => Rec.Make(given: "John", family: "Smith", dob: "1970-01-01")).ToList();
        var (pairs, summary, _) = new CandidateGenerator(BlockingRules.Default, 10).Generate(same);
        Assert.Empty(pairs);
        Assert.True(summary.PairsSkipped >= 30 * 29 / 2);
    }
}
