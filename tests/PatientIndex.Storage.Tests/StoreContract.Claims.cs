using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Tests;

/// <summary>Claims on review tasks: one steward holds a task at a time, until the claim expires or is given up.</summary>
public abstract partial class StoreContract
{
    private async Task OpenTasksAsync(params string[] ids)
    {
        var change = new MembershipChange();
        change.NewPersons.Add(new NewPerson("p", T0));
        foreach (var id in ids)
        {
            change.SavedRecords.Add(new StoredRecord(Record("gp", id), Link("p")));
            change.OpenedReviewTasks.Add(new ReviewTask(id, T0, new RecordKey("gp", id), "p", "r", 0.7, []));
        }
        await theStore.ApplyAsync([change]);
    }

    [Fact]
    public async Task a_claimed_task_is_held_by_its_steward_until_the_claim_expires_and_then_another_can_take_it()
    {
        await OpenTasksAsync("t1");

        var ann = await theStore.ClaimReviewTaskAsync("t1", "ann", T0, T0.AddMinutes(15));
        var bob = await theStore.ClaimReviewTaskAsync("t1", "bob", T0.AddMinutes(5), T0.AddMinutes(20));
        var renewed = await theStore.ClaimReviewTaskAsync("t1", "ann", T0.AddMinutes(10), T0.AddMinutes(25));
        var afterExpiry = await theStore.ClaimReviewTaskAsync("t1", "bob", T0.AddMinutes(26), T0.AddMinutes(40));

        Assert.Equal(new ReviewTaskClaim("t1", "ann", T0.AddMinutes(15)), ann);
        Assert.Equal(new ReviewTaskClaim("t1", "ann", T0.AddMinutes(15)), bob);
        Assert.Equal(new ReviewTaskClaim("t1", "ann", T0.AddMinutes(25)), renewed);
        Assert.Equal(new ReviewTaskClaim("t1", "bob", T0.AddMinutes(40)), afterExpiry);
    }

    [Fact]
    public async Task a_released_claim_frees_the_task_but_a_steward_cannot_release_anothers()
    {
        await OpenTasksAsync("t1");
        await theStore.ClaimReviewTaskAsync("t1", "ann", T0, T0.AddMinutes(15));

        await theStore.ReleaseReviewTaskAsync("t1", "bob");
        var stillAnns = await theStore.ClaimsOfAsync(["t1"], T0);
        await theStore.ReleaseReviewTaskAsync("t1", "ann");

        Assert.Equal("ann", stillAnns["t1"].Steward);
        Assert.Empty(await theStore.ClaimsOfAsync(["t1"], T0));
        Assert.Equal("bob", (await theStore.ClaimReviewTaskAsync("t1", "bob", T0, T0.AddMinutes(15)))!.Steward);
    }

    [Fact]
    public async Task a_resolved_or_unknown_task_cannot_be_claimed()
    {
        await OpenTasksAsync("t1");
        var resolve = new MembershipChange();
        resolve.ResolvedReviewTasks.Add(new ReviewTaskResolution("t1", ReviewTaskStatus.Resolved, StewardVerdict.SamePerson, "ann", T0, "same"));
        await theStore.ApplyAsync([resolve]);

        Assert.Null(await theStore.ClaimReviewTaskAsync("t1", "ann", T0, T0.AddMinutes(15)));
        Assert.Null(await theStore.ClaimReviewTaskAsync("nope", "ann", T0, T0.AddMinutes(15)));
        Assert.Empty(await theStore.ClaimsOfAsync(["t1", "nope"], T0));
    }

    [Fact]
    public async Task tasks_another_steward_holds_are_left_out_of_what_a_steward_can_take_next()
    {
        await OpenTasksAsync("t1", "t2", "t3", "t4");
        await theStore.ClaimReviewTaskAsync("t1", "bob", T0, T0.AddMinutes(15));
        await theStore.ClaimReviewTaskAsync("t2", "ann", T0, T0.AddMinutes(15));
        await theStore.ClaimReviewTaskAsync("t3", "bob", T0.AddMinutes(-30), T0.AddMinutes(-15));

        var forAnn = await theStore.ListReviewTasksAsync(new ReviewTaskQuery { AvailableTo = "ann", Now = T0 });
        var claims = await theStore.ClaimsOfAsync(["t1", "t2", "t3", "t4"], T0);

        Assert.Equal(["t2", "t3", "t4"], forAnn.Tasks.Select(t => t.TaskId));
        Assert.Equal(3, forAnn.Total);
        Assert.Equal(["t1", "t2"], claims.Keys.Order());
    }

    [Fact]
    public async Task claims_that_have_expired_are_left_out_of_the_claims_of_tasks()
    {
        await OpenTasksAsync("t1", "t2", "t3");
        await theStore.ClaimReviewTaskAsync("t1", "ann", T0, T0.AddMinutes(15));
        await theStore.ClaimReviewTaskAsync("t2", "bob", T0, T0.AddMinutes(5));

        var atTen = await theStore.ClaimsOfAsync(["t1", "t2", "t3"], T0.AddMinutes(10));
        var atFifteen = await theStore.ClaimsOfAsync(["t1", "t2", "t3"], T0.AddMinutes(15));

        Assert.Equal(new ReviewTaskClaim("t1", "ann", T0.AddMinutes(15)), Assert.Single(atTen).Value);
        Assert.Empty(atFifteen);
    }

    [Fact]
    public async Task a_claim_on_a_task_that_is_then_resolved_holds_it_no_longer()
    {
        await OpenTasksAsync("t1");
        await theStore.ClaimReviewTaskAsync("t1", "ann", T0, T0.AddMinutes(15));
        var resolve = new MembershipChange();
        resolve.ResolvedReviewTasks.Add(new ReviewTaskResolution("t1", ReviewTaskStatus.Resolved, StewardVerdict.SamePerson, "ann", T0, "same"));
        await theStore.ApplyAsync([resolve]);

        Assert.Empty(await theStore.ClaimsOfAsync(["t1"], T0));
        Assert.Null(await theStore.ClaimReviewTaskAsync("t1", "bob", T0, T0.AddMinutes(15)));
    }

    [Fact]
    public async Task two_stewards_claiming_one_task_at_once_leave_exactly_one_holder()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"t{i}").ToArray();
        await OpenTasksAsync(ids);

        foreach (var id in ids)
        {
            var claims = await Task.WhenAll(
                Task.Run(() => theStore.ClaimReviewTaskAsync(id, "ann", T0, T0.AddMinutes(15))),
                Task.Run(() => theStore.ClaimReviewTaskAsync(id, "bob", T0, T0.AddMinutes(15))));

            var holder = Assert.Single(claims.Distinct());
            Assert.Equal(holder, (await theStore.ClaimsOfAsync([id], T0))[id]);
        }
    }

    [Fact]
    public async Task two_stores_on_one_database_claiming_one_task_at_once_leave_exactly_one_holder()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"t{i}").ToArray();
        await OpenTasksAsync(ids);
        var other = await ReopenAsync();

        foreach (var id in ids)
        {
            var claims = await Task.WhenAll(
                Task.Run(() => theStore.ClaimReviewTaskAsync(id, "ann", T0, T0.AddMinutes(15))),
                Task.Run(() => other.ClaimReviewTaskAsync(id, "bob", T0, T0.AddMinutes(15))));

            var holder = Assert.Single(claims.Distinct());
            Assert.Equal(holder, (await other.ClaimsOfAsync([id], T0))[id]);
        }
    }

    [Fact]
    public async Task a_deep_page_of_the_queue_holds_the_tasks_in_the_queues_order()
    {
        var ids = Enumerable.Range(0, 120).Select(i => $"t{i:D3}").ToArray();
        await OpenTasksAsync(ids);

        var page = await theStore.ListReviewTasksAsync(new ReviewTaskQuery { Offset = 100, Limit = 50 });

        Assert.Equal(ids[100..], page.Tasks.Select(t => t.TaskId));
        Assert.Equal(120, page.Total);
    }

    [Fact]
    public async Task review_tasks_are_filtered_by_the_kind_of_their_reason()
    {
        var change = new MembershipChange();
        change.NewPersons.Add(new NewPerson("p", T0));
        var reasons = new (string Id, string Reason)[]
        {
            ("a", Core.Linkage.ReviewReason.PossibleTwins), ("b", "agree: family name; close: given name (nickname); differ: NHS number"),
            ("c", "agree: given name, family name; close: birth date (day and month swapped)"), ("d", "probability in the review band"),
        };
        foreach (var (id, reason) in reasons)
        {
            change.SavedRecords.Add(new StoredRecord(Record("gp", id), Link("p")));
            change.OpenedReviewTasks.Add(new ReviewTask(id, T0, new RecordKey("gp", id), "p", reason, 0.7, []));
        }
        await theStore.ApplyAsync([change]);

        async Task<string[]> Ids(string kind) => (await theStore.ListReviewTasksAsync(new ReviewTaskQuery { ReasonKind = kind })).Tasks.Select(t => t.TaskId).ToArray();

        Assert.Equal(["a"], await Ids("twins"));
        Assert.Equal(["b"], await Ids("nhs-differs"));
        Assert.Equal(["c"], await Ids("dob-close"));
        Assert.Empty(await Ids("siblings"));
    }
}
