using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using PatientIndex.Core.Store;
using static PatientIndex.Server.Tests.Fhir.PatientResources;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Fhir;

/// <summary>POST creates and never replaces; If-None-Exist answers with the one record it matches.</summary>
public sealed class CreateTests : IAsyncLifetime
{
    private static readonly RecordKey GpG1001 = new("gp", "G1001");
    private readonly FhirHost theServer = new();

    public async Task InitializeAsync() => await theServer.FeedAsync(GpWilliam(), $"{Gp}|G1001");

    public async Task DisposeAsync() => await theServer.DisposeAsync();

    [Fact]
    public async Task a_post_with_an_identifier_already_held_is_a_409_and_the_stored_record_is_unchanged()
    {
        var before = await theServer.Service.Store.FindRecordAsync(GpG1001);

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.Client.CreateAsync(Sparse(Gp, "G1001")));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        var issue = Assert.Single(refused.Outcome!.Issue);
        Assert.Equal((OperationOutcome.IssueType.Duplicate, "Patient.identifier"), (issue.Code!.Value, issue.Expression.Single()));
        Assert.Contains("PUT Patient/gp.G1001", issue.Diagnostics);
        Assert.Equal(before, await theServer.Service.Store.FindRecordAsync(GpG1001));
        var read = await theServer.Client.ReadAsync<Patient>("Patient/gp.G1001");
        Assert.Equal(("Hartley", "1984-02-29", "9434765919"), (read!.Name[0].Family, read.BirthDate, read.Identifier.Single(i => i.System == Nhs).Value));
    }

    [Fact]
    public async Task a_conditional_create_matching_one_record_answers_200_with_it_and_changes_nothing()
    {
        var before = await theServer.Service.Store.FindRecordAsync(GpG1001);
        var events = await theServer.Service.Store.EventsOfRecordAsync(GpG1001);

        var answer = await theServer.Client.ConditionalCreateAsync(Sparse(Gp, "G1001"), new SearchParams().Add("identifier", $"{Gp}|G1001"));

        Assert.Equal("200", theServer.Client.LastResult!.Status![..3]);
        Assert.Equal(("gp.G1001", "Hartley"), (answer!.Id, answer.Name[0].Family));
        Assert.Equal(before, await theServer.Service.Store.FindRecordAsync(GpG1001));
        Assert.Equal(events, await theServer.Service.Store.EventsOfRecordAsync(GpG1001));
    }

    [Fact]
    public async Task a_conditional_create_matching_none_creates_the_patient()
    {
        var answer = await theServer.Client.ConditionalCreateAsync(CommunityWill(), new SearchParams().Add("identifier", $"{Community}|C-77"));

        Assert.Equal("201", theServer.Client.LastResult!.Status![..3]);
        Assert.Equal("community.C-77", answer!.Id);
        Assert.NotNull(await theServer.Service.Store.FindRecordAsync(new RecordKey("community", "C-77")));
    }

    [Fact]
    public async Task a_conditional_create_matching_more_than_one_record_is_a_412_and_creates_nothing()
    {
        await theServer.FeedAsync(HospitalBill(), $"{Hospital}|RR8-556677");

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() =>
            theServer.Client.ConditionalCreateAsync(CommunityWill(), new SearchParams().Add("identifier", $"{Gp}|G1001,{Hospital}|RR8-556677")));

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
        Assert.Equal(["If-None-Exist"], refused.Outcome!.Issue[0].Expression);
        Assert.Equal(2, (await theServer.Service.Store.CountAsync()).Records);
    }

    [Fact]
    public async Task a_conditional_create_on_anything_but_a_source_identifier_is_a_400_not_ignored()
    {
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() =>
            theServer.Client.ConditionalCreateAsync(CommunityWill(), new SearchParams().Add("family", "Hartly")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["If-None-Exist"], refused.Outcome!.Issue[0].Expression);
        Assert.Null(await theServer.Service.Store.FindRecordAsync(new RecordKey("community", "C-77")));
    }

    [Fact]
    public async Task two_posts_of_one_new_patient_at_once_create_it_once_and_refuse_the_other()
    {
        var posts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            var (status, _) = await theServer.SendAsync(HttpMethod.Post, "Patient", CommunityWill().ToJson());
            return status;
        }));

        Assert.Equal([201, 409], posts.Order());
        Assert.Single(await theServer.Service.Store.EventsOfRecordAsync(new RecordKey("community", "C-77")));
    }

    [Fact]
    public async Task a_transaction_creating_a_record_already_held_writes_nothing()
    {
        var bundle = new TransactionBuilder(theServer.Client.Endpoint, Bundle.BundleType.Transaction)
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Hospital}|RR8-556677"), HospitalBill())
            .Create(Sparse(Gp, "G1001"))
            .ToBundle();

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.Client.TransactionAsync(bundle));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(["Bundle.entry[1].resource.identifier"], refused.Outcome!.Issue[0].Expression);
        Assert.Equal(1, (await theServer.Service.Store.CountAsync()).Records);
    }

    [Fact]
    public async Task a_conditional_create_in_a_transaction_sees_the_entries_before_it()
    {
        var bundle = new TransactionBuilder(theServer.Client.Endpoint, Bundle.BundleType.Transaction)
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Community}|C-77"), CommunityWill())
            .ConditionalCreate(Sparse(Community, "C-77"), new SearchParams().Add("identifier", $"{Community}|C-77"))
            .ToBundle();

        var response = await theServer.Client.TransactionAsync(bundle);

        Assert.Equal(["201 Created", "200 OK"], response!.Entry.Select(e => e.Response!.Status!));
        Assert.Equal("Hartly", (await theServer.Service.Store.FindRecordAsync(new RecordKey("community", "C-77")))!.Record.FamilyName);
    }

    /// <summary>The record's identifier and nothing else: what a careless feed might POST.</summary>
    private static Patient Sparse(string system, string value) => new()
    {
        Identifier = [new Identifier(system, value)],
        Gender = AdministrativeGender.Male,
    };
}
