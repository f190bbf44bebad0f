using System.Net;
using Grpc.Core;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using PatientIndex.Core.Store;
using static PatientIndex.Server.Tests.Fhir.PatientResources;
using V1 = PatientIndex.Api.V1;
using LinkType = Hl7.Fhir.Model.Patient.LinkType;
using PatientLink = Hl7.Fhir.Model.Patient.LinkComponent;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Fhir;

/// <summary>
/// A source system's own merge (IHE PIXm ITI-104): the duplicate sent inactive and replaced-by the
/// survivor, or the survivor sent replacing it. The GP holds William twice: G1001, and G2002 made in
/// error with a mistyped name, birth date and address, which matching keeps apart.
/// </summary>
public sealed class SourceMergeTests : IAsyncLifetime
{
    private static readonly RecordKey Survivor = new("gp", "G1001");
    private static readonly RecordKey Duplicate = new("gp", "G2002");
    private static readonly Metadata Ann = TestIssuer.Shared.As(TestCallers.Steward("ann.steward"));
    private readonly FhirHost theServer = new();

    public async Task InitializeAsync()
    {
        await theServer.FeedAsync(GpWilliam(), $"{Gp}|G1001");
        await theServer.FeedAsync(DuplicateWilliam(), $"{Gp}|G2002");
        Assert.NotEqual(await PersonIdOf(Duplicate), await PersonIdOf(Survivor));
    }

    public async Task DisposeAsync() => await theServer.DisposeAsync();

    [Fact]
    public async Task an_iti104_merge_moves_the_duplicate_into_the_survivors_person_logged_with_the_source_as_actor()
    {
        var answer = await theServer.FeedAsync(ReplacedBy(new ResourceReference { Identifier = new Identifier(Gp, "G1001") }), $"{Gp}|G2002");

        Assert.Equal("200", theServer.Client.LastResult!.Status![..3]);
        Assert.Equal((false, "Patient/gp.G1001"), (answer!.Active, ReplacedByOf(answer)));
        Assert.Equal(await PersonIdOf(Survivor), await PersonIdOf(Duplicate));
        var merged = (await theServer.Service.Store.EventsOfRecordAsync(Duplicate))[^1];
        Assert.Equal((LinkEventKind.RecordMoved, "source:gp", "source system merge: replaced by gp/G1001"), (merged.Kind, merged.Actor, merged.Reason));
        Assert.Equal(await PersonIdOf(Survivor), merged.ToPersonId);
    }

    [Fact]
    public async Task the_merged_records_read_back_with_active_false_and_their_links()
    {
        await theServer.FeedAsync(ReplacedBy(new ResourceReference("Patient/gp.G1001")), $"{Gp}|G2002");

        var duplicate = await theServer.Client.ReadAsync<Patient>("Patient/gp.G2002");
        var survivor = await theServer.Client.ReadAsync<Patient>("Patient/gp.G1001");

        Assert.Equal((false, "Patient/gp.G1001"), (duplicate!.Active, ReplacedByOf(duplicate)));
        var replaces = Assert.Single(survivor!.Link);
        Assert.Equal((LinkType.Replaces, "Patient/gp.G2002"), (replaces.Type!.Value, replaces.Other.Reference));
        Assert.NotEqual(false, survivor.Active);
        Assert.Equal("Hartly", duplicate.Name[0].Family); // the duplicate's own data is kept: it is still the source's record
    }

    [Fact]
    public async Task a_put_by_id_with_active_false_and_replaced_by_merges_the_record()
    {
        var patient = ReplacedBy(new ResourceReference("Patient/gp.G1001"));
        patient.Id = "gp.G2002";

        var answer = await theServer.Client.UpdateAsync(patient);

        Assert.Equal((false, "Patient/gp.G1001"), (answer!.Active, ReplacedByOf(answer)));
        Assert.Equal(await PersonIdOf(Survivor), await PersonIdOf(Duplicate));
    }

    [Fact]
    public async Task a_replaces_link_on_the_surviving_record_merges_the_duplicate_into_it()
    {
        var survivor = GpWilliam();
        survivor.Link.Add(new PatientLink { Type = LinkType.Replaces, Other = new ResourceReference("Patient/gp.G2002") });

        var answer = await theServer.FeedAsync(survivor, $"{Gp}|G1001");

        Assert.Equal("Patient/gp.G2002", Assert.Single(answer!.Link).Other.Reference);
        Assert.Equal(await PersonIdOf(Survivor), await PersonIdOf(Duplicate));
        var duplicate = await theServer.Client.ReadAsync<Patient>("Patient/gp.G2002");
        Assert.Equal((false, "Patient/gp.G1001"), (duplicate!.Active, ReplacedByOf(duplicate)));
        Assert.Equal("source:gp", (await theServer.Service.Store.EventsOfRecordAsync(Duplicate))[^1].Actor);
    }

    [Fact]
    public async Task a_merge_sent_again_writes_nothing_more()
    {
        var merge = ReplacedBy(new ResourceReference("Patient/gp.G1001"));
        await theServer.FeedAsync(merge, $"{Gp}|G2002");
        var events = await theServer.Service.Store.EventsOfRecordAsync(Duplicate);

        await theServer.FeedAsync(merge, $"{Gp}|G2002");

        Assert.Equal(events, await theServer.Service.Store.EventsOfRecordAsync(Duplicate));
    }

    [Fact]
    public async Task a_steward_undoes_a_source_merge_as_any_merge_and_the_duplicate_is_active_again()
    {
        var ownPerson = await PersonIdOf(Duplicate);
        await theServer.FeedAsync(ReplacedBy(new ResourceReference("Patient/gp.G1001")), $"{Gp}|G2002");
        var steward = new V1.Stewardship.StewardshipClient(theServer.Service.Channel);
        var history = await steward.GetHistoryAsync(new V1.GetHistoryRequest { PersonId = await PersonIdOf(Survivor) }, Ann);
        var merge = Assert.Single(history.Merges);
        Assert.Equal(("source:gp", ownPerson, "G2002"), (merge.User, merge.FromPersonId, Assert.Single(merge.Records).RecordId));

        await steward.UnmergePersonAsync(new V1.UnmergePersonRequest { MergeId = merge.MergeId, Reason = "the GP merged the wrong William" }, Ann);

        Assert.Equal(ownPerson, await PersonIdOf(Duplicate));
        var duplicate = await theServer.Client.ReadAsync<Patient>("Patient/gp.G2002");
        Assert.Equal((null, 0), (duplicate!.Active, duplicate.Link.Count));
        Assert.Empty((await theServer.Client.ReadAsync<Patient>("Patient/gp.G1001"))!.Link);
    }

    [Fact]
    public async Task a_source_does_not_override_a_steward_who_unlinked_the_duplicate()
    {
        var merge = ReplacedBy(new ResourceReference("Patient/gp.G1001"));
        await theServer.FeedAsync(merge, $"{Gp}|G2002");
        var steward = new V1.Stewardship.StewardshipClient(theServer.Service.Channel);
        await steward.UnlinkRecordAsync(new V1.UnlinkRecordRequest
        {
            Record = new V1.RecordReference { Source = "gp", RecordId = "G2002" }, Target = V1.UnlinkTarget.OwnPerson, Reason = "not William",
        }, Ann);
        var unlinked = await theServer.Client.ReadAsync<Patient>("Patient/gp.G2002");
        var before = await theServer.Service.Store.FindRecordAsync(Duplicate);
        merge.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "0113 496 0000")];

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.FeedAsync(merge, $"{Gp}|G2002"));

        Assert.Equal((null, 0), (unlinked!.Active, unlinked.Link.Count));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(["Patient.link[0].other"], refused.Outcome!.Issue[0].Expression);
        Assert.Contains("Patient/gp.G1001", refused.Outcome.Issue[0].Diagnostics);
        Assert.Equal(before, await theServer.Service.Store.FindRecordAsync(Duplicate));
    }

    [Fact]
    public async Task a_merge_into_a_survivor_not_held_is_a_422_naming_the_link_and_writes_nothing()
    {
        var before = await theServer.Service.Store.FindRecordAsync(Duplicate);
        var patient = ReplacedBy(new ResourceReference { Identifier = new Identifier(Gp, "NOPE") });
        patient.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "0113 496 0000")];

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.FeedAsync(patient, $"{Gp}|G2002"));

        Assert.Equal((HttpStatusCode)422, refused.Status);
        Assert.Equal(["Patient.link[0].other"], refused.Outcome!.Issue[0].Expression);
        Assert.Contains("Patient/gp.NOPE", refused.Outcome.Issue[0].Diagnostics);
        Assert.Equal(before, await theServer.Service.Store.FindRecordAsync(Duplicate));
    }

    [Theory]
    [InlineData("Patient/hospital.RR8-556677", "Patient.link[0].other")]
    [InlineData("Patient/gp.G2002", "Patient.link[0].other")]
    [InlineData("https://elsewhere.example/fhir/Patient/gp.G1001", "Patient.link[0].other")]
    public async Task a_merge_with_another_source_itself_or_another_server_is_a_422(string survivor, string element)
    {
        await theServer.FeedAsync(HospitalBill(), $"{Hospital}|RR8-556677");

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.FeedAsync(ReplacedBy(new ResourceReference(survivor)), $"{Gp}|G2002"));

        Assert.Equal(((HttpStatusCode)422, element), (refused.Status, refused.Outcome!.Issue[0].Expression.Single()));
    }

    [Fact]
    public async Task an_inactive_patient_without_replaced_by_is_a_422_naming_active()
    {
        var patient = DuplicateWilliam();
        patient.Active = false;

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.FeedAsync(patient, $"{Gp}|G2002"));

        Assert.Equal(((HttpStatusCode)422, "Patient.active"), (refused.Status, refused.Outcome!.Issue[0].Expression.Single()));
    }

    [Fact]
    public async Task a_merge_in_a_transaction_sees_the_survivor_an_entry_before_it_wrote()
    {
        var duplicate = Patient(Community, "C-78", null, "Hartly", ["Wiliam"], "1984-03-01", AdministrativeGender.Male, "M1 1AE", "1 Oxford Road", "Manchester");
        duplicate.Active = false;
        duplicate.Link.Add(new PatientLink { Type = LinkType.ReplacedBy, Other = new ResourceReference("Patient/community.C-77") });
        var bundle = new TransactionBuilder(theServer.Client.Endpoint, Bundle.BundleType.Transaction)
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Community}|C-77"), CommunityWill())
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Community}|C-78"), duplicate)
            .ToBundle();

        var response = await theServer.Client.TransactionAsync(bundle);

        Assert.Equal(["201 Created", "201 Created"], response!.Entry.Select(e => e.Response!.Status!));
        Assert.Equal("Patient/community.C-77", ReplacedByOf((Patient)response.Entry[1].Resource!));
        Assert.Equal(await PersonIdOf(new RecordKey("community", "C-77")), await PersonIdOf(new RecordKey("community", "C-78")));
    }

    [Fact]
    public async Task a_transaction_merging_with_a_survivor_not_held_writes_nothing()
    {
        var bundle = new TransactionBuilder(theServer.Client.Endpoint, Bundle.BundleType.Transaction)
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Community}|C-77"), CommunityWill())
            .ConditionalUpdate(new SearchParams().Add("identifier", $"{Gp}|G2002"), ReplacedBy(new ResourceReference("Patient/gp.NOPE")))
            .ToBundle();

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theServer.Client.TransactionAsync(bundle));

        Assert.Equal((HttpStatusCode)422, refused.Status);
        Assert.Equal(["Bundle.entry[1].resource.link[0].other"], refused.Outcome!.Issue[0].Expression);
        Assert.Equal(2, (await theServer.Service.Store.CountAsync()).Records);
    }

    /// <summary>William again, as the GP's second record of him was keyed in: matching alone does not link it.</summary>
    private static Patient DuplicateWilliam() =>
        Patient(Gp, "G2002", null, "Hartly", ["Wiliam"], "1984-03-01", AdministrativeGender.Male, "M1 1AE", "1 Oxford Road", "Manchester");

    private static Patient ReplacedBy(ResourceReference survivor)
    {
        var patient = DuplicateWilliam();
        patient.Active = false;
        patient.Link.Add(new PatientLink { Type = LinkType.ReplacedBy, Other = survivor });
        return patient;
    }

    private static string? ReplacedByOf(Patient patient) => patient.Link.SingleOrDefault(l => l.Type == LinkType.ReplacedBy)?.Other.Reference;

    private async Task<string> PersonIdOf(RecordKey key) => (await theServer.Service.Store.FindRecordAsync(key))!.Link.PersonId;
}
