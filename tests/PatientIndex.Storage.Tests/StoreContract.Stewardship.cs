using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Tests;

/// <summary>What the store keeps for the steward workflow: decisions, resolutions, merges, the event log and the queue.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task steward_decisions_read_back_in_the_order_they_were_made()
    {
        var change = NewPersonWith(Record("gp", "G1"), "p1");
        change.Decisions.Add(new StewardDecision("d2", T0.AddMinutes(1), "ann", StewardVerdict.SamePerson, new("gp", "G1"), new("h", "H1"), "same", null));
        change.Decisions.Add(new StewardDecision("d1", T0, "bob", StewardVerdict.DifferentPersons, new("gp", "G1"), new("h", "H1"), "twins", "t9"));
        await theStore.ApplyAsync([change]);

        var decisions = await theStore.ReadDecisionsAsync();

        Assert.Equal(["d1", "d2"], decisions.Select(d => d.DecisionId));
        Assert.Equal(new StewardDecision("d1", T0, "bob", StewardVerdict.DifferentPersons, new("gp", "G1"), new("h", "H1"), "twins", "t9"), decisions[0]);
    }

    [Fact]
    public async Task a_resolved_review_task_reads_back_with_who_when_and_why()
    {
        var change = NewPersonWith(Record("gp", "G1"), "p1");
        change.OpenedReviewTasks.Add(new ReviewTask("t1", T0, new RecordKey("gp", "G1"), "p1", "r", 0.7, []));
        change.OpenedReviewTasks.Add(new ReviewTask("t2", T0, new RecordKey("gp", "G1"), "p1", "r", 0.7, []));
        await theStore.ApplyAsync([change]);
        var resolve = new MembershipChange();
        resolve.ResolvedReviewTasks.Add(new ReviewTaskResolution("t1", ReviewTaskStatus.Resolved, StewardVerdict.DifferentPersons, "ann", T0.AddHours(1), "twins"));
        resolve.ResolvedReviewTasks.Add(new ReviewTaskResolution("t2", ReviewTaskStatus.Deferred, null, "bob", T0.AddHours(2), "ask the GP"));
        await theStore.ApplyAsync([resolve]);

        var t1 = await theStore.FindReviewTaskAsync("t1");
        var t2 = await theStore.FindReviewTaskAsync("t2");

        Assert.Equal(new ReviewTaskResolution("t1", ReviewTaskStatus.Resolved, StewardVerdict.DifferentPersons, "ann", T0.AddHours(1), "twins"), t1!.Resolution);
        Assert.Equal(ReviewTaskStatus.Deferred, t2!.Status);
        Assert.Equal("bob", t2.Resolution!.Actor);
        Assert.Equal(0, (await theStore.CountAsync()).OpenReviewTasks);
    }

    [Fact]
    public async Task review_tasks_are_filtered_by_source_reason_probability_and_age_ordered_and_paged()
    {
        var change = new MembershipChange();
        change.NewPersons.Add(new NewPerson("p", T0));
        var tasks = new (string Id, string Source, string Reason, double P, int Minutes)[]
        {
            ("a", "gp", "probability in the review band", 0.6, 0), ("b", "gp", "matches more than one person", 0.9, 1),
            ("c", "hospital", "probability in the review band", 0.8, 2), ("d", "gp", "probability in the review band", 0.7, 3),
        };
        foreach (var t in tasks)
        {
            change.SavedRecords.Add(new StoredRecord(Record(t.Source, t.Id), Link("p")));
            change.OpenedReviewTasks.Add(new ReviewTask(t.Id, T0.AddMinutes(t.Minutes), new RecordKey(t.Source, t.Id), "p", t.Reason, t.P, []));
        }
        await theStore.ApplyAsync([change]);

        async Task<string[]> Ids(ReviewTaskQuery q) => (await theStore.ListReviewTasksAsync(q)).Tasks.Select(t => t.TaskId).ToArray();

        Assert.Equal(["a", "b", "c", "d"], await Ids(new ReviewTaskQuery()));
        Assert.Equal(["b", "c", "d", "a"], await Ids(new ReviewTaskQuery { Order = ReviewTaskOrder.MostLikelyFirst }));
        Assert.Equal(["a", "b", "d"], await Ids(new ReviewTaskQuery { Source = "gp" }));
        Assert.Equal(["a", "c", "d"], await Ids(new ReviewTaskQuery { Reason = "review band" }));
        Assert.Equal(["c", "d"], await Ids(new ReviewTaskQuery { MinProbability = 0.65, MaxProbability = 0.85 }));
        Assert.Equal(["a", "b"], await Ids(new ReviewTaskQuery { CreatedBefore = T0.AddMinutes(2) }));
        Assert.Equal(["c", "d"], await Ids(new ReviewTaskQuery { CreatedAfter = T0.AddMinutes(2) }));
        Assert.Equal(["b", "c"], await Ids(new ReviewTaskQuery { Offset = 1, Limit = 2 }));
        Assert.Equal(4, (await theStore.ListReviewTasksAsync(new ReviewTaskQuery { Limit = 1 })).Total);
        Assert.Empty(await Ids(new ReviewTaskQuery { Status = ReviewTaskStatus.Deferred }));
    }

    [Fact]
    public async Task a_merge_reads_back_with_its_records_and_then_its_undo()
    {
        await theStore.ApplyAsync([NewPersonWith(Record("gp", "G1"), "p1"), NewPersonWith(Record("gp", "G2"), "p2")]);
        var merge = new MembershipChange();
        merge.SavedRecords.Add(new StoredRecord(Record("gp", "G1"), Link("p2")));
        merge.RetiredPersons.Add("p1");
        merge.Merges.Add(new PersonMerge("m1", T0, "ann", "duplicate", "p1", "p2", [new RecordKey("gp", "G1")]));
        await theStore.ApplyAsync([merge]);

        var stored = await theStore.FindMergeAsync("m1");
        Assert.Equal(("m1", T0, "ann", "duplicate", "p1", "p2"), (stored!.MergeId, stored.At, stored.Actor, stored.Reason, stored.FromPersonId, stored.IntoPersonId));
        Assert.Null(stored.Undone);
        Assert.Equal(["gp/G1"], stored.Records.Select(r => r.ToString()));
        Assert.Equal(["m1"], (await theStore.MergesOfPersonAsync("p1")).Select(m => m.MergeId));
        Assert.Equal(["m1"], (await theStore.MergesOfPersonAsync("p2")).Select(m => m.MergeId));

        var undo = new MembershipChange();
        undo.RevivedPersons.Add("p1");
        undo.SavedRecords.Add(new StoredRecord(Record("gp", "G1"), Link("p1")));
        undo.UndoneMerges.Add(new MergeUndo("m1", T0.AddHours(1), "bob"));
        await theStore.ApplyAsync([undo]);

        Assert.Equal(new MergeUndo("m1", T0.AddHours(1), "bob"), (await theStore.FindMergeAsync("m1"))!.Undone);
        Assert.Equal(["gp/G1"], (await theStore.FindPersonAsync("p1"))!.Records.Select(r => r.Key.ToString()));
        Assert.Null(await theStore.FindMergeAsync("nope"));
    }

    [Fact]
    public async Task the_event_log_reads_after_an_event_id_and_active_persons_leave_out_the_retired()
    {
        await theStore.ApplyAsync([NewPersonWith(Record("gp", "G1"), "p1"), NewPersonWith(Record("gp", "G2"), "p2")]);
        var move = new MembershipChange();
        move.SavedRecords.Add(new StoredRecord(Record("gp", "G1"), Link("p2")));
        move.RetiredPersons.Add("p1");
        move.Events.Add(Event(LinkEventKind.RecordConfirmed, "gp", "G1", from: "p1", to: "p2"));
        await theStore.ApplyAsync([move]);

        var all = await Collect(theStore.ReadEventsAsync());
        var later = await Collect(theStore.ReadEventsAsync(all[0].EventId));
        var persons = await Collect(theStore.ReadActivePersonIdsAsync());

        Assert.Equal(3, all.Count);
        Assert.Equal(all.Skip(1), later);
        Assert.Equal(LinkEventKind.RecordConfirmed, all[2].Kind);
        Assert.Equal(["p2"], persons);
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
