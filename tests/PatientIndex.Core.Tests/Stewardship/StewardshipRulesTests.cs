using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Tests.Stewardship;

public sealed class StewardshipRulesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly RecordKey A = new("gp", "A"), B = new("hospital", "B"), C = new("community", "C");

    private static StewardDecision Decision(string id, StewardVerdict verdict, RecordKey left, RecordKey right) =>
        new(id, T0, "ann", verdict, left, right, "r", null);

    private static LinkEvent Event(LinkEventKind kind, RecordKey record, string? from, string? to) =>
        new(1, T0, kind, record, from, to, "r", null, null, "ann");

    [Fact]
    public void the_latest_decision_on_a_pair_is_the_one_in_force()
    {
        var assertions = new DifferentPersons();
        assertions.ApplyAll([Decision("1", StewardVerdict.DifferentPersons, A, B), Decision("2", StewardVerdict.DifferentPersons, A, C),
            Decision("3", StewardVerdict.SamePerson, A, B)]);

        Assert.False(assertions.Apart(B, A));
        Assert.True(assertions.Apart(C, A));
        Assert.False(assertions.Involves(B));
    }

    [Fact]
    public void labels_are_one_per_pair_with_the_latest_verdict()
    {
        var labels = StewardLabels.From([Decision("1", StewardVerdict.DifferentPersons, A, B), Decision("2", StewardVerdict.SamePerson, A, C),
            Decision("3", StewardVerdict.SamePerson, A, B)]);

        Assert.Equal([new LabelledPair(A, B, 1), new LabelledPair(A, C, 1)], labels);
    }

    [Fact]
    public void replaying_the_event_log_rebuilds_membership_and_flags_a_move_from_the_wrong_person()
    {
        var replay = MembershipReplay.Of([Event(LinkEventKind.RecordLinked, A, null, "p1"), Event(LinkEventKind.RecordLinked, B, null, "p2"),
            Event(LinkEventKind.RecordMoved, A, "p1", "p2"), Event(LinkEventKind.RecordRemoved, B, "p2", null), Event(LinkEventKind.RecordMoved, C, "p9", "p2")]);

        Assert.Equal("p2", replay.PersonOf[A]);
        Assert.False(replay.PersonOf.ContainsKey(B));
        Assert.Single(replay.Problems);
    }

    [Fact]
    public void invariants_catch_an_empty_person_and_two_records_asserted_apart_in_one_person()
    {
        var assertions = new DifferentPersons();
        assertions.Apply(Decision("1", StewardVerdict.DifferentPersons, A, B));
        StoredRecord Stored(RecordKey key) => new(new Records.SourceRecord { Source = key.Source, RecordId = key.RecordId },
            new Link("p1", LinkOutcome.Linked, 1, "m", false, null, T0));
        var replay = MembershipReplay.Of([Event(LinkEventKind.RecordLinked, A, null, "p1"), Event(LinkEventKind.RecordLinked, B, null, "p1")]);

        var violations = MembershipInvariants.Violations([Stored(A), Stored(B)], new HashSet<string> { "p1", "p2" }, assertions, replay);

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("p2 is empty"));
        Assert.Contains(violations, v => v.Contains("asserted different persons"));
    }
}
