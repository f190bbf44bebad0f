using PatientIndex.Core.Linkage;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Tests.Matching;

/// <summary>One decision: records linked one at a time, in any order, end in the persons bulk linkage gives them.</summary>
public class LinkerTests
{
    /// <summary>The shipped parameters, without term frequencies: six records have no name frequencies worth the name.</summary>
    private static readonly FellegiSunterModel Shipped = WithoutTermFrequencies(
        FellegiSunterParameters.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "models", "match-v3", "fellegi-sunter.json"))));

    private static readonly RecordNormaliser Normaliser = new(NicknameTable.Default, new DateOnly(2026, 12, 2));

    /// <summary>
    /// One woman's records, one of them with her given name replaced (its identifier still hers), and one
    /// with the name right but another identifier: the two odd ones look like twins of each other, so
    /// whichever joins first keeps the other out, unless the strongest links are taken first.
    /// </summary>
    private static readonly SourceRecord[] Records =
    [
        Record("org", "Michaela", "19250608", "1947368", "27 Markell Place"),
        Record("dup-0", "Michaela", "19250608", "1947368", "27 Marke ll Place"),
        Record("dup-2", "Michaela", "19250608", "1947368", "27 Markell Place"),
        Record("dup-4", "Layla", "19250608", "1947368", "27 Markell P lace"),
        Record("dup-1", "Micaela", "19250608", "7131335", "27 Markellb Place"),
        Record("other", "Ann", "19611203", "5550001", "4 Low Road"),
    ];

    [Fact]
    public void records_linked_one_at_a_time_in_any_order_end_in_the_persons_bulk_linkage_gives()
    {
        var linker = new Linker(new LinkageSettings { Decisions = new DecisionPolicy() });
        var bulk = linker.LinkAll([.. Records.Select(r => Normaliser.Normalise(r))], _ => Shipped);
        var expected = Partition(Records.Select((r, i) => (r.RecordId, "b" + bulk.PersonOf[i])));

        foreach (var order in Orders(Records.Length, 40))
        {
            var index = linker.NewIndex();
            var ids = 0;
            var one = linker.ForIndex(index, Shipped, TimeProvider.System, () => $"p{ids++}");
            foreach (var i in order) one.Link(Records[i], Normaliser.Normalise(Records[i]), "test");

            var persons = Partition(Records.Select(r => (r.RecordId, index.Find(new RecordKey(r.Source, r.RecordId))!.PersonId)));
            Assert.True(expected.SetEquals(persons), $"order {string.Join(",", order)}: {Describe(persons)}, bulk {Describe(expected)}");
        }
    }

    /// <summary>
    /// Two stores made from the same data give their persons different ids (random within a millisecond):
    /// when a record joins two persons of one record each, the person kept is the one holding the lower
    /// record key, whichever id is lower, so both stores log the same record as moved.
    /// </summary>
    [Theory]
    [InlineData("p1", "p2")]
    [InlineData("p2", "p1")]
    public void a_record_joining_two_persons_as_large_keeps_the_person_of_the_lower_record_key_whatever_their_ids(string first, string second)
    {
        var linker = new Linker(new LinkageSettings { Decisions = new DecisionPolicy() });
        var index = linker.NewIndex();
        Hold(index, Records[2], first);
        Hold(index, Records[0], second);
        var one = linker.ForIndex(index, Shipped, TimeProvider.System, () => "new");

        var result = one.Link(Records[0] with { RecordId = "arriving" }, Normaliser.Normalise(Records[0] with { RecordId = "arriving" }), "test");

        Assert.Equal(first, result.PersonId);
        var moved = Assert.Single(result.Change!.Events, e => e.Kind == LinkEventKind.RecordMoved);
        Assert.Equal(new RecordKey("febrl", "org"), moved.Record);
    }

    private static void Hold(CandidateIndex index, SourceRecord record, string personId) =>
        index.Add(new IndexedRecord(new RecordKey(record.Source, record.RecordId), Normaliser.Normalise(record),
            new Link(personId, LinkOutcome.NewPerson, 0, "test", false, null, DateTimeOffset.UnixEpoch), RecordFingerprint.Of(record)));

    private static FellegiSunterModel WithoutTermFrequencies(FellegiSunterModel model) =>
        new(model.MatchProbability, model.M, model.U, TermFrequencyAdjustment.None);

    private static SourceRecord Record(string id, string given, string dob, string otherId, string address) => new()
    {
        Source = "febrl", RecordId = id, GivenName = given, FamilyName = "Thrussell", Dob = $"{dob[..4]}-{dob[4..6]}-{dob[6..]}",
        OtherId = otherId, AddressLine1 = address, City = "Frenchs Forest", Postcode = "6728",
    };

    /// <summary>Persons as sets of record ids, whatever they are called.</summary>
    private static HashSet<string> Partition(IEnumerable<(string RecordId, string PersonId)> members) =>
        [.. members.GroupBy(m => m.PersonId).Select(g => string.Join("+", g.Select(m => m.RecordId).Order(StringComparer.Ordinal)))];

    private static string Describe(HashSet<string> persons) => string.Join(" | ", persons.Order(StringComparer.Ordinal));

    private static IEnumerable<int[]> Orders(int count, int how)
    {
        var random = new Random(1857);
        for (var k = 0; k < how; k++) yield return [.. Enumerable.Range(0, count).OrderBy(_ => random.Next())];
    }
}
