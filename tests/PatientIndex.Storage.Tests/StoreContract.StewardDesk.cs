using PatientIndex.Core.Records;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;
using static PatientIndex.Storage.Tests.StewardBench;

namespace PatientIndex.Storage.Tests;

/// <summary>The steward's actions through the real engine on this store, each followed by every membership invariant.</summary>
public abstract partial class StoreContract
{
    private static readonly SourceRecord GpAmelia = Patient("gp", "G1", "Amelia", "Hart", "1984-02-29", "9434765919");
    private static readonly SourceRecord HospitalAmelia = Patient("hospital", "H1", "Amelia", "Hart", "1984-02-29", "9434765919");
    private static readonly SourceRecord GpJoseph = Patient("gp", "G2", "Joseph", "Okafor", "1990-07-12", "9434765005", "M1 1AE");
    private static readonly SourceRecord HospitalJoseph = Patient("hospital", "H2", "Joe", "Okafor", "1990-07-12", "9434765005", "M1 1AE");
    private static readonly SourceRecord CommunityRuth = Patient("community", "C3", "Ruth", "Bell", "1950-01-03", "9434765072", "YO1 7HH");

    private async Task<StewardBench> BenchWithAsync(params SourceRecord[] records)
    {
        var bench = new StewardBench(theStore);
        foreach (var record in records) await bench.LinkAsync(record);
        return bench;
    }

    private static async Task AssertInvariants(StewardBench bench) => Assert.Empty(await bench.ViolationsAsync());

    [Fact]
    public async Task linking_a_record_moves_it_into_the_other_person_confirmed_and_audited_with_the_user()
    {
        var bench = await BenchWithAsync(GpAmelia, CommunityRuth);
        var ruthsPerson = await bench.PersonOfAsync("community", "C3");

        await bench.Desk.LinkRecordsAsync(new("gp", "G1"), new("community", "C3"), false, "same patient, GP confirmed", "ann");

        var moved = await theStore.FindRecordAsync(new("gp", "G1"));
        Assert.Equal(ruthsPerson, moved!.Link.PersonId);
        Assert.True(moved.Link.Confirmed);
        var last = (await theStore.EventsOfRecordAsync(new("gp", "G1")))[^1];
        Assert.Equal((LinkEventKind.RecordMoved, "ann", ruthsPerson), (last.Kind, last.Actor, last.ToPersonId));
        Assert.Contains("same patient, GP confirmed", last.Reason);
        await AssertInvariants(bench);
    }

    [Fact]
    public async Task unlinking_into_its_own_person_asserts_it_apart_from_the_records_it_left()
    {
        var bench = await BenchWithAsync(GpAmelia, HospitalAmelia);
        var shared = await bench.PersonOfAsync("gp", "G1");
        Assert.Equal(shared, await bench.PersonOfAsync("hospital", "H1"));

        await bench.Desk.UnlinkRecordAsync(new("hospital", "H1"), UnlinkMode.OwnPerson, "wrong patient", "ann");

        Assert.NotEqual(shared, await bench.PersonOfAsync("hospital", "H1"));
        Assert.True(bench.Linker.Assertions.Apart(new("gp", "G1"), new("hospital", "H1")));
        await AssertInvariants(bench);
    }

    [Fact]
    public async Task a_rematched_record_never_goes_back_to_the_person_it_was_unlinked_from()
    {
        var bench = await BenchWithAsync(GpAmelia, HospitalAmelia);
        var shared = await bench.PersonOfAsync("gp", "G1");

        var outcome = await bench.Desk.UnlinkRecordAsync(new("hospital", "H1"), UnlinkMode.Rematch, "wrong patient", "ann");

        Assert.NotEqual(shared, await bench.PersonOfAsync("hospital", "H1"));
        Assert.Contains(outcome.Change.Events, e => e.Actor == "ann" && e.Reason.Contains("re-matched"));
        await AssertInvariants(bench);
    }

    [Fact]
    public async Task automatic_linking_never_overrides_a_different_persons_assertion()
    {
        var bench = await BenchWithAsync(GpAmelia, HospitalAmelia);
        await bench.Desk.UnlinkRecordAsync(new("hospital", "H1"), UnlinkMode.OwnPerson, "twins", "ann");
        var apart = await bench.PersonOfAsync("hospital", "H1");

        // Re-sent with changed data: it still matches G1 at link level, but that person is no candidate, not even for review.
        var resent = await bench.LinkAsync(HospitalAmelia with { Phone = "07700 900123" });

        Assert.Null(resent.ReviewTaskId);
        Assert.Equal(apart, await bench.PersonOfAsync("hospital", "H1"));
        Assert.NotEqual(await bench.PersonOfAsync("gp", "G1"), await bench.PersonOfAsync("hospital", "H1"));
        await AssertInvariants(bench);
    }

    [Fact]
    public async Task linking_across_an_assertion_is_refused_unless_the_steward_overrides_it()
    {
        var bench = await BenchWithAsync(GpAmelia, HospitalAmelia);
        await bench.Desk.UnlinkRecordAsync(new("hospital", "H1"), UnlinkMode.OwnPerson, "twins", "ann");
        var merged = await bench.PersonOfAsync("gp", "G1");

        var refused = await Assert.ThrowsAsync<StewardshipException>(() =>
            bench.Desk.MergePersonsAsync(merged, (bench.PersonOfAsync("hospital", "H1")).Result, false, "same?", "bob"));
        Assert.Equal(StewardshipError.Refused, refused.Error);
        Assert.Contains("gp/G1", refused.Message);

        await bench.Desk.MergePersonsAsync(await bench.PersonOfAsync("hospital", "H1"), merged, true, "GP says one person", "bob");
        Assert.Equal(merged, await bench.PersonOfAsync("hospital", "H1"));
        Assert.False(bench.Linker.Assertions.Apart(new("gp", "G1"), new("hospital", "H1")));
        await AssertInvariants(bench);
    }

    [Fact]
    public async Task unmerging_restores_exactly_the_membership_before_the_merge_after_later_changes()
    {
        var bench = await BenchWithAsync(GpAmelia, HospitalAmelia, GpJoseph, HospitalJoseph, CommunityRuth);
        var amelia = await bench.PersonOfAsync("gp", "G1");
        var joseph = await bench.PersonOfAsync("gp", "G2");
        var merge = await bench.Desk.MergePersonsAsync(joseph, amelia, false, "looked like one family record", "ann");
        // Later, elsewhere: Ruth is linked into the surviving person, and the survivor is merged on.
        await bench.Desk.LinkRecordsAsync(new("community", "C3"), new("gp", "G1"), false, "same", "bob");
        var ruthsOld = (await theStore.EventsOfRecordAsync(new("community", "C3")))[0].ToPersonId!;

        var undo = await bench.Desk.UnmergeAsync(merge.MergeId!, "different people", "carol");

        Assert.Empty(undo.NotRestored!);
        Assert.Equal(["gp/G2", "hospital/H2"], (await theStore.FindPersonAsync(joseph))!.Records.Select(r => r.Key.ToString()));
        Assert.Equal(["community/C3", "gp/G1", "hospital/H1"], (await theStore.FindPersonAsync(amelia))!.Records.Select(r => r.Key.ToString()));
        Assert.Null(await theStore.FindPersonAsync(ruthsOld));
        Assert.Equal("carol", (await theStore.FindMergeAsync(merge.MergeId!))!.Undone!.Actor);
        await Assert.ThrowsAsync<StewardshipException>(() => bench.Desk.UnmergeAsync(merge.MergeId!, "again", "carol"));
        await AssertInvariants(bench);
    }

    [Fact]
    public async Task a_source_merge_moves_only_its_duplicate_audited_with_the_source_and_unmerging_puts_it_back()
    {
        var bench = await BenchWithAsync(GpAmelia, GpJoseph, HospitalJoseph);
        var (amelia, joseph) = (await bench.PersonOfAsync("gp", "G1"), await bench.PersonOfAsync("gp", "G2"));

        var merge = await bench.Desk.MergeSourceRecordsAsync(new("gp", "G2"), new("gp", "G1"));

        Assert.Equal(["gp/G1", "gp/G2"], (await theStore.FindPersonAsync(amelia))!.Records.Select(r => r.Key.ToString()).Order());
        Assert.Equal(["hospital/H2"], (await theStore.FindPersonAsync(joseph))!.Records.Select(r => r.Key.ToString()));
        var events = await theStore.EventsOfRecordAsync(new("gp", "G2"));
        Assert.Equal(("source:gp", SourceMerge.Model), (events[^1].Actor, events[^1].Model));
        Assert.Equal(new RecordKey("gp", "G1"), SourceMerge.LastSurvivor(events));
        Assert.Equal(["gp/G2"], (await theStore.FindMergeAsync(merge.MergeId!))!.Records.Select(r => r.ToString()));
        Assert.True((await theStore.FindRecordAsync(new("gp", "G2")))!.Link.Confirmed);
        await AssertInvariants(bench);

        Assert.Empty((await bench.Desk.MergeSourceRecordsAsync(new("gp", "G2"), new("gp", "G1"))).Change.Events);
        await bench.Desk.UnmergeAsync(merge.MergeId!, "the GP merged the wrong patient", "ann");

        Assert.Equal(["gp/G2", "hospital/H2"], (await theStore.FindPersonAsync(joseph))!.Records.Select(r => r.Key.ToString()).Order());
        await AssertInvariants(bench);
    }

    [Fact]
    public async Task a_source_merge_is_refused_across_sources_and_across_a_stewards_assertion()
    {
        var bench = await BenchWithAsync(GpAmelia, HospitalAmelia, GpJoseph);
        await bench.Desk.UnlinkRecordAsync(new("hospital", "H1"), UnlinkMode.OwnPerson, "twins", "ann");
        await bench.Desk.LinkRecordsAsync(new("gp", "G2"), new("hospital", "H1"), false, "same", "ann");

        var across = await Assert.ThrowsAsync<StewardshipException>(() => bench.Desk.MergeSourceRecordsAsync(new("hospital", "H1"), new("gp", "G1")));
        var apart = await Assert.ThrowsAsync<StewardshipException>(() => bench.Desk.MergeSourceRecordsAsync(new("gp", "G1"), new("gp", "G2")));

        Assert.Equal((StewardshipError.Refused, StewardshipError.Refused), (across.Error, apart.Error));
        Assert.Contains("hospital/H1", apart.Message);
        await AssertInvariants(bench);
    }

    [Fact]
    public async Task resolving_a_review_task_as_the_same_person_joins_the_candidate_and_closes_the_task()
    {
        var bench = new StewardBench(theStore);
        await bench.LinkAsync(GpAmelia);
        var review = await bench.LinkAsync(Patient("hospital", "H9", "Amy", "Hart", "1984-02-29", postcode: "M1 1AE"));
        Assert.NotNull(review.ReviewTaskId);

        await bench.Desk.ResolveAsync(review.ReviewTaskId!, ReviewVerdict.SamePerson, [], false, "same address and GP", "ann");

        Assert.Equal(await bench.PersonOfAsync("gp", "G1"), await bench.PersonOfAsync("hospital", "H9"));
        var task = await theStore.FindReviewTaskAsync(review.ReviewTaskId!);
        Assert.Equal((ReviewTaskStatus.Resolved, StewardVerdict.SamePerson, "ann"), (task!.Status, task.Resolution!.Verdict, task.Resolution.Actor));
        await Assert.ThrowsAsync<StewardshipException>(() => bench.Desk.ResolveAsync(review.ReviewTaskId!, ReviewVerdict.Defer, [], false, "", "bob"));
        await AssertInvariants(bench);
    }

    [Fact]
    public async Task resolving_a_review_task_as_different_persons_is_remembered_and_defer_keeps_it_queued()
    {
        var bench = new StewardBench(theStore);
        await bench.LinkAsync(GpAmelia);
        var review = await bench.LinkAsync(Patient("hospital", "H9", "Amy", "Hart", "1984-02-29", postcode: "M1 1AE"));

        await bench.Desk.ResolveAsync(review.ReviewTaskId!, ReviewVerdict.Defer, [], false, "ask the ward", "ann");
        Assert.Equal(ReviewTaskStatus.Deferred, (await theStore.FindReviewTaskAsync(review.ReviewTaskId!))!.Status);
        await bench.Desk.ResolveAsync(review.ReviewTaskId!, ReviewVerdict.DifferentPersons, [], false, "mother and daughter", "bob");

        Assert.True(bench.Linker.Assertions.Apart(new("gp", "G1"), new("hospital", "H9")));
        Assert.Contains(await theStore.ReadDecisionsAsync(), d => d.Verdict == StewardVerdict.DifferentPersons && d.TaskId == review.ReviewTaskId && d.Actor == "bob");
        await AssertInvariants(bench);
    }
}
