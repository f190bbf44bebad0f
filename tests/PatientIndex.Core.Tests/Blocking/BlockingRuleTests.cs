using PatientIndex.Core.Blocking;
using PatientIndex.Core.Records;

namespace PatientIndex.Core.Tests.Blocking;

public class BlockingRuleTests
{
    private static ulong KeyUnder(string rule, NormalisedRecord record)
    {
        var index = BlockingRules.Default.ToList().FindIndex(r => r.Name == rule);
        Span<ulong> parts = stackalloc ulong[BlockParts.Count];
        BlockParts.Hash(record, parts);
        return BlockingRules.Default[index].Key(parts, index);
    }

    [Fact]
    public void given_and_family_names_swapped_key_alike_under_names_either_order()
    {
        var a = Rec.Make(given: "Mary", family: "Shaw", dob: "1950-01-01");
        var b = Rec.Make(given: "Shaw", family: "Mary", dob: "1950-06-30");
        Assert.NotEqual(0UL, KeyUnder("names_either_order", a));
        Assert.Equal(KeyUnder("names_either_order", a), KeyUnder("names_either_order", b));
        Assert.NotEqual(KeyUnder("names_either_order+birth_year", a), KeyUnder("names_either_order+birth_year", Rec.Make(given: "Shaw", family: "Mary", dob: "1951-01-01")));
    }

    [Fact]
    public void a_record_missing_one_part_of_a_rule_has_no_key_under_it()
    {
        var noPostcode = Rec.Make(given: "Mary", family: "Shaw", dob: "1950-01-01");
        Assert.Equal(0UL, KeyUnder("postcode+given_phonetic", noPostcode));
        Assert.Equal(0UL, KeyUnder("nhs_number", noPostcode));
        Assert.NotEqual(0UL, KeyUnder("dob+given_phonetic", noPostcode));
    }

    [Fact]
    public void one_record_has_a_different_key_under_every_rule()
    {
        var record = Rec.Make(given: "Mary", family: "Shaw", dob: "1950-01-01", nhs: "9434765919", postcode: "LS1 4AP");
        Span<ulong> parts = stackalloc ulong[BlockParts.Count];
        BlockParts.Hash(record, parts);
        var keys = new List<ulong>();
        for (var r = 0; r < BlockingRules.Default.Count; r++) keys.Add(BlockingRules.Default[r].Key(parts, r));
        var present = keys.Where(k => k != 0).ToList();
        Assert.Equal(present.Count, present.Distinct().Count());
    }
}
