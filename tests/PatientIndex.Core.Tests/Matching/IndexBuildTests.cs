using PatientIndex.Core.Blocking;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Tests.Matching;

public class IndexBuildTests
{
    private static readonly RecordNormaliser Normaliser = new(NicknameTable.Default, new DateOnly(2026, 12, 4));

    /// <summary>Records as a store reads them: every string a new one, as each row is read on its own.</summary>
    private static async IAsyncEnumerable<StoredRecord> Stored(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            var record = new SourceRecord { Source = new string("gp"), RecordId = "r" + i, GivenName = "Ann" + i % 7, FamilyName = "Hart", Dob = "1984-02-29" };
            yield return new StoredRecord(record, new Link("person-" + i / 3, LinkOutcome.Linked, 0.99, "match-" + "v3", false, null, DateTimeOffset.UnixEpoch));
        }
    }

    [Fact]
    public async Task every_stored_record_is_indexed_in_batches_with_its_link()
    {
        var index = new CandidateIndex(BlockingRules.Default, new BlockCaps());

        var added = await IndexBuild.FillAsync(index, Stored(20_000), r => Normaliser.Normalise(r));

        Assert.Equal(20_000, added);
        Assert.Equal(20_000, index.Count);
        Assert.Equal(20_000 / 3 + 1, index.Persons);
        Assert.Equal(["gp/r0", "gp/r1", "gp/r2"], index.MembersOf("person-0").Select(r => r.Key.ToString()).Order());
        Assert.Equal(0.99, index.Find(new RecordKey("gp", "r19999"))!.Link.Probability);
    }

    [Fact]
    public async Task a_persons_records_share_one_person_id_and_every_record_one_model_name_and_one_source_name()
    {
        var index = new CandidateIndex(BlockingRules.Default, new BlockCaps());
        var memo = Normaliser.NewSharedMemo();

        await IndexBuild.FillAsync(index, Stored(9_000), r => Normaliser.Normalise(r, null, memo));

        var first = index.Find(new RecordKey("gp", "r0"))!;
        var members = index.MembersOf("person-2000");
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.Same(members[0].Link.PersonId, m.Link.PersonId));
        Assert.All(members, m => Assert.Same(first.Link.Model, m.Link.Model));
        Assert.All(members, m => Assert.Same(first.Key.Source, m.Key.Source));
        Assert.All(members, m => Assert.Same(first.Normalised.Source, m.Normalised.Source));
    }
}
