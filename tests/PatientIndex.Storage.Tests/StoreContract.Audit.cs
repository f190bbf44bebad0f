using System.Data.Common;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Tests;

/// <summary>The audit trail: appended, read back by record, person, user and time, never changed, and written with the change it audits.</summary>
public abstract partial class StoreContract
{
    private IAuditTrail theTrail => (IAuditTrail)theStore;

    [Fact]
    public async Task an_appended_event_reads_back_with_every_field_its_records_and_persons()
    {
        var read = Access(AccessAction.Query, T0) with
        {
            ActorName = "Jo Smith", Client = "ward-app", ClientAddress = "10.0.0.7:51234", RequestId = "req-1",
            Query = "family_name=Hart&dob=1984-02-29", Changed = [new RecordKey("gp", "G1")],
            Returned = [new RecordKey("hospital", "H1"), new RecordKey("gp", "G 2/é")], Persons = ["p1", "p2"],
        };
        var refused = Access(AccessAction.Read, T0.AddSeconds(1)) with { Outcome = AccessOutcome.Refused, OutcomeDetail = "NOT_FOUND: person p9" };

        await theTrail.AppendAsync([read, refused]);

        var page = await theTrail.ReadAuditEventsAsync(new AuditQuery());
        Assert.False(page.More);
        Assert.Equal([Shown(read), Shown(refused)], page.Events.Select(Shown));
        Assert.True(page.Events[0].EventId > 0);
        Assert.True(page.Events[1].EventId > page.Events[0].EventId);
    }

    [Fact]
    public async Task events_are_read_oldest_first_a_page_at_a_time()
    {
        await theTrail.AppendAsync([.. Enumerable.Range(0, 5).Select(i => Access(AccessAction.Read, T0.AddSeconds(i)) with { Query = $"q{i}" })]);

        var first = await theTrail.ReadAuditEventsAsync(new AuditQuery { Limit = 2 });
        var second = await theTrail.ReadAuditEventsAsync(new AuditQuery { Limit = 2, AfterEventId = first.Events[^1].EventId });
        var last = await theTrail.ReadAuditEventsAsync(new AuditQuery { Limit = 2, AfterEventId = second.Events[^1].EventId });

        Assert.Equal(("q0 q1", true), (Queries(first), first.More));
        Assert.Equal(("q2 q3", true), (Queries(second), second.More));
        Assert.Equal(("q4", false), (Queries(last), last.More));
        static string Queries(AuditEventPage page) => string.Join(' ', page.Events.Select(e => e.Query));
    }

    [Fact]
    public async Task events_are_found_by_a_record_changed_or_returned_by_a_person_by_a_user_and_by_time()
    {
        var g1 = new RecordKey("gp", "G1");
        await theTrail.AppendAsync([
            // Changed and returned both: found once.
            Access(AccessAction.Create, T0) with { Query = "a", Changed = [g1], Returned = [g1], Persons = ["p1", "p1"] },
            Access(AccessAction.Query, T0.AddMinutes(1)) with { Query = "b", Returned = [new RecordKey("gp", "G2"), g1], Persons = ["p2", "p1"], Actor = "kim" },
            Access(AccessAction.Read, T0.AddMinutes(2)) with { Query = "c", Returned = [new RecordKey("gp", "G2")], Persons = ["p2"] },
            Access(AccessAction.Read, T0.AddMinutes(3)) with { Query = "d", Returned = [new RecordKey("G1", "gp")], Actor = "kim" },
        ]);

        async Task<string[]> Found(AuditQuery query) => [.. (await theTrail.ReadAuditEventsAsync(query)).Events.Select(e => e.Query!)];

        Assert.Equal(["a", "b"], await Found(new AuditQuery { Record = g1 }));
        Assert.Equal(["b", "c"], await Found(new AuditQuery { Person = "p2" }));
        Assert.Equal(["b", "d"], await Found(new AuditQuery { Actor = "kim" }));
        Assert.Equal(["b", "c"], await Found(new AuditQuery { From = T0.AddMinutes(1), To = T0.AddMinutes(3) }));
        Assert.Equal(["b"], await Found(new AuditQuery { Record = g1, Actor = "kim", From = T0.AddSeconds(1) }));
        Assert.Empty(await Found(new AuditQuery { Person = "p9" }));
    }

    [Fact]
    public async Task the_audit_trail_refuses_every_update_and_delete()
    {
        await theTrail.AppendAsync([Access(AccessAction.Read, T0) with { Returned = [new RecordKey("gp", "G1")], Persons = ["p1"] }]);

        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("UPDATE audit_events SET actor = 'someone else'"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_events"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("UPDATE audit_event_records SET record_id = 'G2'"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_event_records"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("UPDATE audit_event_persons SET person_id = 'p2'"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_event_persons"));

        var kept = Assert.Single((await theTrail.ReadAuditEventsAsync(new AuditQuery())).Events);
        Assert.Equal(("alice", "G1", "p1"), (kept.Actor, kept.Returned.Single().RecordId, kept.Persons.Single()));
    }

    [Fact]
    public async Task an_audit_event_riding_in_a_change_lands_with_it()
    {
        var change = NewPersonWith(Record("gp", "G1"), "p1");
        change.AuditEvents.Add(Access(AccessAction.Create, T0) with { Changed = [new RecordKey("gp", "G1")], Persons = ["p1"] });

        await theStore.ApplyAsync([change]);

        Assert.NotNull(await theStore.FindRecordAsync(new RecordKey("gp", "G1")));
        var written = Assert.Single((await theTrail.ReadAuditEventsAsync(new AuditQuery { Record = new RecordKey("gp", "G1") })).Events);
        Assert.Equal((AccessAction.Create, "p1"), (written.Action, written.Persons.Single()));
    }

    [Fact]
    public async Task an_audit_event_riding_in_a_change_that_fails_is_rolled_back_with_it()
    {
        var good = NewPersonWith(Record("gp", "G1"), "p1");
        good.AuditEvents.Add(Access(AccessAction.Create, T0) with { Changed = [new RecordKey("gp", "G1")] });
        var bad = new MembershipChange();
        bad.SavedRecords.Add(new StoredRecord(Record("gp", "G2"), Link("no-such-person")));
        bad.AuditEvents.Add(Access(AccessAction.Create, T0) with { Changed = [new RecordKey("gp", "G2")] });

        await Assert.ThrowsAnyAsync<Exception>(() => theStore.ApplyAsync([good, bad]));

        Assert.Null(await theStore.FindRecordAsync(new RecordKey("gp", "G1")));
        Assert.Empty((await theTrail.ReadAuditEventsAsync(new AuditQuery())).Events);
    }

    [Fact]
    public async Task a_change_holding_only_an_audit_event_is_written()
    {
        var change = new MembershipChange();
        change.AuditEvents.Add(Access(AccessAction.Update, T0) with { Changed = [new RecordKey("gp", "G1")] });
        Assert.False(change.IsEmpty);

        await theStore.ApplyAsync([change]);

        Assert.Single((await theTrail.ReadAuditEventsAsync(new AuditQuery())).Events);
        Assert.Equal(new StoreCounts(0, 0, 0, 0), await theStore.CountAsync());
    }

    [Fact]
    public async Task the_audit_of_a_record_outlives_the_record()
    {
        var key = new RecordKey("gp", "G1");
        var created = NewPersonWith(Record("gp", "G1"), "p1");
        created.AuditEvents.Add(Access(AccessAction.Create, T0) with { Changed = [key], Persons = ["p1"] });
        await theStore.ApplyAsync([created]);
        var removed = new MembershipChange();
        removed.RemovedRecords.Add(key);
        removed.RetiredPersons.Add("p1");
        removed.Events.Add(Event(LinkEventKind.RecordRemoved, "gp", "G1", "p1", null));
        removed.AuditEvents.Add(Access(AccessAction.Delete, T0.AddMinutes(1)) with { Changed = [key], Persons = ["p1"] });

        await theStore.ApplyAsync([removed]);

        Assert.Null(await theStore.FindRecordAsync(key));
        Assert.Equal([AccessAction.Create, AccessAction.Delete], (await theTrail.ReadAuditEventsAsync(new AuditQuery { Record = key })).Events.Select(e => e.Action));
    }

    private static AccessEvent Access(AccessAction action, DateTimeOffset at) => new()
    {
        At = at, Actor = "alice", Action = action, Operation = "test " + action, Outcome = AccessOutcome.Success,
    };

    /// <summary>The event as a value: its lists as text, its id left out.</summary>
    private static string Shown(AccessEvent e) =>
        $"{e.At:O} {e.Actor} {e.ActorName} {e.Client} {e.ClientAddress} {e.RequestId} {e.Action} {e.Operation} {e.Outcome} {e.OutcomeDetail} {e.Query} " +
        $"changed [{string.Join(", ", e.Changed)}] returned [{string.Join(", ", e.Returned)}] persons [{string.Join(", ", e.Persons)}]";
}
