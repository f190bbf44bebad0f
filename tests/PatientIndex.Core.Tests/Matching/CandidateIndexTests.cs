using PatientIndex.Core.Blocking;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Tests.Matching;

public class CandidateIndexTests
{
    [Fact]
    public void records_sharing_a_block_key_are_candidates_and_others_are_not()
    {
        var index = NewIndex();
        var ann = Add(index, Rec.Make("Ann", "Hart", "1984-02-29", postcode: "LS6 2AB"), "p1");
        Add(index, Rec.Make("Zed", "Quill", "1950-07-01", postcode: "TR1 1AA"), "p2");

        var found = Candidates(index, Rec.Make("Anne", "Hart", "1984-02-29"));

        Assert.Equal([ann.Key], found.Select(c => c.Key));
    }

    [Fact]
    public void a_removed_record_is_no_longer_a_candidate_nor_a_member_of_its_person()
    {
        var index = NewIndex();
        var ann = Add(index, Rec.Make("Ann", "Hart", "1984-02-29"), "p1");

        index.Remove(ann.Key);

        Assert.Empty(Candidates(index, Rec.Make("Ann", "Hart", "1984-02-29")));
        Assert.Empty(index.MembersOf("p1"));
        Assert.Equal(0, index.Persons);
    }

    [Fact]
    public void an_over_large_block_is_searched_only_for_the_same_initials_and_within_the_caps()
    {
        var index = NewIndex();
        // 200 people born the same day: the dob block is far over the cap of 10.
        for (var i = 0; i < 200; i++) Add(index, Rec.Make(i % 2 == 0 ? "Adam" : "Bella", "Surname" + i, "1970-01-01"), "p" + i);

        var found = Candidates(index, Rec.Make("Alan", "Stone", "1970-01-01"));

        Assert.InRange(found.Count, 1, 10);
        Assert.All(found, c => Assert.Equal("adam", c.Normalised.GivenName));
    }

    [Fact]
    public void relinking_moves_a_record_between_persons()
    {
        var index = NewIndex();
        var ann = Add(index, Rec.Make("Ann", "Hart", "1984-02-29"), "p1");
        Add(index, Rec.Make("Bob", "Hart", "1980-01-01"), "p2");

        index.Relink(ann.Key, ann.Link with { PersonId = "p2" });

        Assert.Empty(index.MembersOf("p1"));
        Assert.Equal(2, index.MembersOf("p2").Count);
    }

    [Fact]
    public void a_persons_records_are_listed_in_the_order_they_joined_through_removals_and_relinks()
    {
        var index = NewIndex();
        var first = Add(index, Rec.Make("Ann", "Hart", "1984-02-29"), "p1");
        var second = Add(index, Rec.Make("Anne", "Hart", "1984-02-29"), "p1");
        var third = Add(index, Rec.Make("Annie", "Hart", "1984-02-29"), "p1");

        index.Remove(second.Key);
        Assert.Equal([first.Key, third.Key], index.MembersOf("p1").Select(r => r.Key));

        index.Relink(first.Key, first.Link with { PersonId = "p2" });
        var fourth = Add(index, Rec.Make("Ann", "Hartt", "1984-02-29"), "p1");
        Assert.Equal([third.Key, fourth.Key], index.MembersOf("p1").Select(r => r.Key));
        Assert.Equal([first.Key], index.MembersOf("p2").Select(r => r.Key));
        Assert.Equal(2, index.Persons);
    }

    private static CandidateIndex NewIndex() => new(BlockingRules.Default, new BlockCaps(MaxBlockSize: 10, ScanLimit: 50));

    private static IndexedRecord Add(CandidateIndex index, NormalisedRecord record, string personId)
    {
        var key = new RecordKey(record.Source, record.RecordId);
        var indexed = new IndexedRecord(key, record, new Link(personId, LinkOutcome.NewPerson, 0, "test", false, null, DateTimeOffset.UnixEpoch), 0);
        index.Add(indexed);
        return indexed;
    }

    private static List<IndexedRecord> Candidates(CandidateIndex index, NormalisedRecord query)
    {
        var found = new List<IndexedRecord>();
        index.FindCandidates(query, null, found);
        index.FindCandidates(query, null, found, loose: true, fresh: false);
        return found;
    }
}
