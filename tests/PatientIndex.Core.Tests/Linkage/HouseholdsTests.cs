using PatientIndex.Core.Blocking;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Tests.Linkage;

/// <summary>What one source says about a home, as bulk linkage counts it and as the service's index keeps it current.</summary>
public class HouseholdsTests
{
    [Fact]
    public void a_home_counts_the_most_records_of_its_family_that_any_one_source_holds()
    {
        var gp = Home("gp", "Jack", "Joshua", "Amy");
        var hospital = Home("hospital", "Jack");

        Households.Stamp([.. gp, .. hospital]);

        Assert.All(gp.Concat(hospital), r => Assert.Equal(3, r.HouseholdSize));
        Assert.All(gp.Concat(hospital), r => Assert.Equal(1, r.NamesakesAtHome));
    }

    [Fact]
    public void two_records_of_one_name_at_one_home_in_one_source_are_counted_as_namesakes()
    {
        var records = Home("gp", "John", "John");

        Households.Stamp([.. records, .. Home("hospital", "John")]);

        Assert.All(records, r => Assert.Equal(2, r.NamesakesAtHome));
    }

    [Fact]
    public void an_extract_of_one_source_says_nothing_of_homes_since_it_holds_its_own_duplicates()
    {
        var records = Home("gp", "John", "John", "Amy");

        Households.Stamp(records);

        Assert.All(records, r => Assert.Equal((0UL, 0, 0), (r.HomeKey, r.HouseholdSize, r.NamesakesAtHome)));
        Assert.Equal(0, PairComparer.Compare(records[0], records[1]).HouseholdSize);
    }

    [Fact]
    public void a_pair_carries_the_counts_only_where_it_shares_a_home_and_namesakes_only_where_the_given_names_agree()
    {
        var jack = Rec.Make("Jack", "Naylor", postcode: "E1 9QH", address: "Flat 4 Mulberry Court", source: "gp");
        var jackAgain = Rec.Make("Jack", "Naylor", postcode: "E1 9QH", address: "Flat 4 Mulberry Court", source: "hospital");
        var joshua = Rec.Make("Joshua", "Naylor", postcode: "E1 9QH", address: "Flat 4 Mulberry Court", source: "gp");
        var elsewhere = Rec.Make("Jack", "Naylor", postcode: "LS6 2AB", address: "3 Low Road", source: "community");
        Households.Stamp([jack, jackAgain, joshua, elsewhere]);

        var same = PairComparer.Compare(jack, jackAgain);
        var twins = PairComparer.Compare(jack, joshua);
        var moved = PairComparer.Compare(jack, elsewhere);

        Assert.Equal((2, 1), ((int)same.HouseholdSize, (int)same.NamesakesAtHome));
        // Jack and Joshua share a Soundex code; twins are often named alike, and they are not namesakes.
        Assert.Equal((2, 0), ((int)twins.HouseholdSize, (int)twins.NamesakesAtHome));
        Assert.Equal((0, 0), ((int)moved.HouseholdSize, (int)moved.NamesakesAtHome));
    }

    [Fact]
    public void a_record_without_a_family_name_or_an_address_has_no_home()
    {
        var nameless = Rec.Make("Jack", null, postcode: "E1 9QH", address: "Flat 4");
        var homeless = Rec.Make("Jack", "Naylor");

        Households.Stamp([nameless, homeless]);

        Assert.Equal((0UL, 0), (nameless.HomeKey, nameless.HouseholdSize));
        Assert.Equal((0UL, 0), (homeless.HomeKey, homeless.HouseholdSize));
    }

    [Fact]
    public void the_index_keeps_each_homes_counts_current_as_records_come_and_go()
    {
        var index = new CandidateIndex(BlockingRules.Default, new BlockCaps());
        var members = Home("gp", "Jack", "Joshua", "Amy").Select(Index).ToList();
        Assert.All(members, m => Assert.Equal(0, m.Normalised.HouseholdSize));
        var hospital = Index(Home("hospital", "Jack")[0]);
        Assert.All(members, m => Assert.Equal(3, m.Normalised.HouseholdSize));

        index.Remove(members[2].Key);

        Assert.All(members.Take(2), m => Assert.Equal(2, m.Normalised.HouseholdSize));

        index.Remove(hospital.Key);

        Assert.All(members.Take(2), m => Assert.Equal(0, m.Normalised.HouseholdSize));

        IndexedRecord Index(NormalisedRecord r)
        {
            var indexed = new IndexedRecord(new RecordKey(r.Source, r.RecordId), r, new Link("p-" + r.RecordId, LinkOutcome.NewPerson, 0, "test", false, null, DateTimeOffset.UnixEpoch), 0);
            index.Add(indexed);
            return indexed;
        }
    }

    [Fact]
    public void a_query_is_counted_as_if_it_were_indexed_and_a_record_sent_again_only_once()
    {
        var index = new CandidateIndex(BlockingRules.Default, new BlockCaps());
        var held = Home("gp", "Jack", "Joshua");
        foreach (var r in held.Concat(Home("community", "Amy")))
            index.Add(new IndexedRecord(new RecordKey(r.Source, r.RecordId), r, new Link("p-" + r.RecordId, LinkOutcome.NewPerson, 0, "test", false, null, DateTimeOffset.UnixEpoch), 0));

        var newcomer = Home("gp", "Amy")[0];
        index.Stamp(newcomer, new RecordKey(newcomer.Source, newcomer.RecordId));
        var fromHospital = Home("hospital", "Jack")[0];
        index.Stamp(fromHospital, new RecordKey(fromHospital.Source, fromHospital.RecordId));
        var again = Home("gp", "Jack")[0];
        index.Stamp(again, new RecordKey(held[0].Source, held[0].RecordId));

        Assert.Equal(3, newcomer.HouseholdSize);
        Assert.Equal(2, fromHospital.HouseholdSize);
        Assert.Equal(2, again.HouseholdSize);

        var intoAnEmptyIndex = Home("gp", "Amy")[0];
        new CandidateIndex(BlockingRules.Default, new BlockCaps()).Stamp(intoAnEmptyIndex);
        Assert.Equal(0, intoAnEmptyIndex.HouseholdSize);
    }

    private static List<NormalisedRecord> Home(string source, params string[] givenNames) =>
        [.. givenNames.Select(g => Rec.Make(g, "Naylor", postcode: "E1 9QH", address: "Flat 4 Mulberry Court", source: source))];
}
