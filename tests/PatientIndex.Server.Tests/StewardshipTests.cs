using Grpc.Core;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>The Stewardship service in-process over a real gRPC channel and a real SQLite store.</summary>
public sealed class StewardshipTests : IAsyncLifetime
{
    private ServiceHost theService = null!;
    private static readonly Metadata Ann = TestIssuer.Shared.As(TestCallers.Steward("ann.steward"));

    private PatientIndex.Api.V1.PatientIndex.PatientIndexClient Client => theService.Client;
    private Stewardship.StewardshipClient Steward => new(theService.Channel);

    public Task InitializeAsync()
    {
        theService = new ServiceHost();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await theService.DisposeAsync();

    public static PatientRecord GpAmelia() => new()
    {
        Source = "gp", RecordId = "G1", NhsNumber = "9434765919", GivenName = "Amelia", FamilyName = "Hart", Dob = "1984-02-29", Sex = "F", Postcode = "LS6 2AB",
    };

    /// <summary>No NHS number or sex, a birth date a day out and another postcode: the model is unsure (review band).</summary>
    public static PatientRecord HospitalAmelia() => new()
    {
        Source = "hospital", RecordId = "H9", GivenName = "Amelia", FamilyName = "Hart", Dob = "1984-02-28", Postcode = "M1 1AE",
    };

    [Fact]
    public async Task the_fhir_person_view_gives_level4_to_the_links_a_steward_confirmed()
    {
        await using var fhir = new Fhir.FhirHost();
        var steward = new Stewardship.StewardshipClient(fhir.Service.Channel);
        var gp = await fhir.Service.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = GpAmelia() });
        var review = await fhir.Service.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = HospitalAmelia() });
        Assert.Equal(Hl7.Fhir.Model.Person.IdentityAssuranceLevel.Level2, (await fhir.PersonOfAsync("hospital.H9")).Link.Single().Assurance);

        await steward.ResolveReviewTaskAsync(new ResolveReviewTaskRequest
        {
            TaskId = review.ReviewTaskId, Resolution = ReviewResolution.SamePerson, Reason = "the ward confirmed",
        }, Ann);

        var person = await fhir.PersonOfAsync("hospital.H9");
        Assert.Equal(gp.PersonId, person.Id);
        Assert.Equal(["Patient/gp.G1", "Patient/hospital.H9"], person.Link.Select(l => l.Target.Reference!).Order());
        Assert.All(person.Link, l => Assert.Equal(Hl7.Fhir.Model.Person.IdentityAssuranceLevel.Level4, l.Assurance));
    }

    [Fact]
    public async Task a_call_without_a_token_is_unauthenticated_with_a_clear_message()
    {
        using var anonymous = theService.ChannelFor(null);
        var error = await Assert.ThrowsAsync<RpcException>(() => new Stewardship.StewardshipClient(anonymous).ListReviewTasksAsync(new ListReviewTasksRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("bearer token is required", error.Status.Detail);
    }

    [Fact]
    public async Task a_review_task_is_listed_opened_side_by_side_and_resolved_as_the_same_person()
    {
        var gp = await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = GpAmelia() });
        var review = await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = HospitalAmelia() });
        Assert.Equal(Decision.Review, review.Decision);

        var queue = await Steward.ListReviewTasksAsync(new ListReviewTasksRequest { Order = ReviewTaskOrder.MostLikelyFirst }, Ann);
        var task = await Steward.GetReviewTaskAsync(new GetReviewTaskRequest { TaskId = queue.Tasks[0].TaskId }, Ann);
        var change = await Steward.ResolveReviewTaskAsync(new ResolveReviewTaskRequest
        {
            TaskId = review.ReviewTaskId, Resolution = ReviewResolution.SamePerson, Reason = "same patient: the ward confirmed",
        }, Ann);

        Assert.Equal(review.ReviewTaskId, queue.Tasks.Single().TaskId);
        Assert.Equal("gp", task.Candidates.Single().Record.Source);
        Assert.Contains("postcode", task.Candidates[0].DifferingFields);
        Assert.Contains(task.Candidates[0].Contributions, c => c.Field == "given_name" && c.Bits > 0);
        Assert.All(change.Events, e => Assert.Equal("ann.steward", e.User));
        var xref = await Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "hospital", RecordId = "H9" });
        Assert.Equal(gp.PersonId, xref.PersonId);
        Assert.Empty((await Steward.ListReviewTasksAsync(new ListReviewTasksRequest(), Ann)).Tasks);
    }

    [Fact]
    public async Task the_queue_is_filtered_by_the_kind_of_reason_and_an_unknown_kind_is_refused_by_name()
    {
        await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = GpAmelia() });
        var review = await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = HospitalAmelia() });
        Assert.Equal(Decision.Review, review.Decision);

        var close = await Steward.ListReviewTasksAsync(new ListReviewTasksRequest { ReasonKind = "dob-close" }, Ann);
        var twins = await Steward.ListReviewTasksAsync(new ListReviewTasksRequest { ReasonKind = "twins" }, Ann);
        var error = await Assert.ThrowsAsync<RpcException>(() => Steward.ListReviewTasksAsync(new ListReviewTasksRequest { ReasonKind = "cousins" }, Ann).ResponseAsync);

        Assert.Equal("dob-close", close.Tasks.Single().ReasonKind);
        Assert.Empty(twins.Tasks);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("reason_kind", error.Status.Detail);
    }

    [Fact]
    public async Task a_merge_is_undone_and_the_history_says_who_did_what()
    {
        var amelia = await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = GpAmelia() });
        var ruth = await Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = new PatientRecord { Source = "community", RecordId = "C3", GivenName = "Ruth", FamilyName = "Bell", Dob = "1950-01-03" } });

        var merge = await Steward.MergePersonsAsync(new MergePersonsRequest { FromPersonId = ruth.PersonId, IntoPersonId = amelia.PersonId, Reason = "duplicate" }, Ann);
        var undo = await Steward.UnmergePersonAsync(new UnmergePersonRequest { MergeId = merge.MergeId, Reason = "oops" }, TestIssuer.Shared.As(TestCallers.Steward("bob")));
        var history = await Steward.GetHistoryAsync(new GetHistoryRequest { PersonId = ruth.PersonId }, Ann);

        Assert.Contains(ruth.PersonId, undo.PersonIds);
        Assert.Equal(["ann.steward", "bob"], history.Events.Where(e => e.Model == "steward").Select(e => e.User));
        Assert.True(history.Merges.Single().Undone);
        var again = await Assert.ThrowsAsync<RpcException>(() => Steward.UnmergePersonAsync(new UnmergePersonRequest { MergeId = merge.MergeId }, Ann).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task unknown_ids_are_not_found_and_bad_requests_name_the_field()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Steward.GetReviewTaskAsync(new GetReviewTaskRequest { TaskId = "nope" }, Ann).ResponseAsync);
        var bad = await Assert.ThrowsAsync<RpcException>(() => Steward.LinkRecordsAsync(new LinkRecordsRequest { Record = new RecordReference { Source = "gp" } }, Ann).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("record.record_id", bad.Status.Detail);
        Assert.Contains("to", bad.Status.Detail);
    }
}
