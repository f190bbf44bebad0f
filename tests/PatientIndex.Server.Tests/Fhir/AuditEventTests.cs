using System.Net;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using PatientIndex.Api.V1;
using PatientIndex.Server.Tests.Auditing;
using AuditEvent = Hl7.Fhir.Model.AuditEvent;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Fhir;

/// <summary>The audit trail at <c>GET /fhir/AuditEvent</c>: valid R4 AuditEvents in IHE BALP's shapes, one per patient, searched by patient and date, paged.</summary>
public sealed class AuditEventTests : IAsyncLifetime
{
    private const string Balp = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";
    private static readonly Lazy<Validator> BaseSpecification = new(() =>
    {
        var specification = new CachedResolver(ZipSource.CreateValidationSource());
        // Against the base specification only: BALP's profiles are named, not shipped with it.
        return new Validator(specification, LocalTerminologyService.CreateDefaultForCore(specification), null,
            new ValidationSettings { SelectValidationProfiles = (_, _, _, _) => [] });
    });

    private readonly FhirHost theServer = new();
    private AuditProbe theTrail = null!;
    /// <summary>After the scenario, before any search: every search is audited too, so a search that must see a fixed trail ends here.</summary>
    private string theEnd = "";

    public async Task InitializeAsync()
    {
        theTrail = new AuditProbe(theServer.Service);
        var gp = await theServer.Service.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });
        await theServer.Service.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.HospitalBill() });
        await theServer.Service.Client.MatchAsync(new MatchRequest { Record = new PatientRecord { FamilyName = "Hartley", Dob = "1984-02-29" } });
        await theServer.Service.Client.GetPersonAsync(new GetPersonRequest { PersonId = gp.PersonId });
        await theServer.Http.GetAsync("Patient/gp.G1001");
        await theServer.Http.GetAsync("Patient/gp.nobody");
        await theServer.Http.DeleteAsync("Patient/hospital.RR8-556677");
        await theTrail.SinceAsync();
        theEnd = "lt" + DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'");
    }

    public async Task DisposeAsync() => await theServer.DisposeAsync();

    [Fact]
    public async Task every_audit_event_served_is_valid_r4()
    {
        var all = await SearchAsync("AuditEvent?_count=1000");

        // The validator does validate: an AuditEvent with none of its required elements is refused.
        Assert.Contains(BaseSpecification.Value.Validate(new AuditEvent()).Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error);
        Assert.True(all.Entry.Count >= 10);
        foreach (var entry in all.Entry)
        {
            var outcome = BaseSpecification.Value.Validate(entry.Resource!);
            var errors = outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
            Assert.True(errors.Count == 0, $"AuditEvent/{entry.Resource!.Id}: {string.Join("; ", errors.Select(e => $"{string.Join(",", e.Expression)} {e.Details?.Text ?? e.Diagnostics}"))}");
        }
    }

    [Fact]
    public async Task a_create_read_query_and_delete_are_balps_patient_shapes_with_the_user_client_and_server()
    {
        var events = (await SearchAsync("AuditEvent?patient=Patient/gp.G1001")).Entry.Select(e => (AuditEvent)e.Resource!).ToList();

        var created = events.First(e => e.Action == AuditEvent.AuditEventAction.C);
        Assert.Equal(Balp + "IHE.BasicAudit.PatientCreate", Assert.Single(created.Meta!.Profile));
        Assert.Equal(("rest", "create"), (created.Type!.Code, created.Subtype[0].Code));
        Assert.Equal(AuditEvent.AuditEventOutcome.N0, created.Outcome);
        Assert.Equal(["AUT", "110153", "110152"], created.Agent.Select(a => a.Type!.Coding[0].Code));
        Assert.Equal(("test-runner", true), (created.Agent[0].Who!.Identifier!.Value, created.Agent[0].Requestor));
        Assert.Equal("test-everything", created.Agent[1].Who!.Identifier!.Value);
        var patient = created.Entity.Single(e => e.Role?.Code == "1");
        Assert.Equal(("1", "Patient/gp.G1001"), (patient.Type!.Code, patient.What!.Reference));
        Assert.Contains(created.Entity, e => e.What?.Reference?.StartsWith("Person/", StringComparison.Ordinal) == true);

        var read = events.Single(e => OperationOf(e) == "fhir GET /fhir/Patient/{id}");
        Assert.Equal((AuditEvent.AuditEventAction.R, "read"), (read.Action, read.Subtype[0].Code));
        Assert.Equal(Balp + "IHE.BasicAudit.PatientRead", read.Meta!.Profile.First());
        Assert.Equal("IRCP", read.Agent[0].Type!.Coding[0].Code);

        // The search by name and birth date: the query as asked, base64 in the query entity, one AuditEvent for this patient.
        var query = events.Single(e => OperationOf(e) == "grpc /patientindex.v1.PatientIndex/Match");
        Assert.Equal("search-type", query.Subtype[0].Code);
        Assert.Equal(Balp + "IHE.BasicAudit.PatientQuery", query.Meta!.Profile.Single());
        Assert.Equal(AuditEvent.AuditEventAction.E, query.Action);
        Assert.Contains("Hartley", System.Text.Encoding.UTF8.GetString(query.Entity.Single(e => e.Role?.Code == "24").Query!));

        var withdrawn = (await SearchAsync("AuditEvent?patient=Patient/hospital.RR8-556677")).Entry.Select(e => (AuditEvent)e.Resource!)
            .Single(e => e.Action == AuditEvent.AuditEventAction.D);
        Assert.Equal(Balp + "IHE.BasicAudit.PatientDelete", withdrawn.Meta!.Profile.Single());
        Assert.Equal(["AUT", "110150", "custodian"], withdrawn.Agent.Select(a => a.Type!.Coding[0].Code));
        Assert.Equal(2, withdrawn.Entity.Count);
    }

    [Fact]
    public async Task an_access_naming_several_patients_is_one_audit_event_for_each_and_a_refusal_claims_no_profile()
    {
        var all = (await SearchAsync("AuditEvent?_count=1000")).Entry.Select(e => (AuditEvent)e.Resource!).ToList();

        var match = all.Where(e => OperationOf(e) == "grpc /patientindex.v1.PatientIndex/Match").ToList();
        Assert.Equal(["Patient/gp.G1001", "Patient/hospital.RR8-556677"], match.Select(PatientOf).Order());
        Assert.Single(match.Select(e => e.Id!.Split('-')[0]).Distinct());
        Assert.Equal(2, match.Select(e => e.Id).Distinct().Count());
        var refused = all.Single(e => PatientOf(e) == "Patient/gp.nobody");
        Assert.Equal((AuditEvent.AuditEventOutcome.N4, (Meta?)null), (refused.Outcome, refused.Meta));
        Assert.StartsWith("404", refused.OutcomeDesc);
    }

    [Fact]
    public async Task pages_of_count_follow_one_another_to_the_whole_trail()
    {
        var whole = (await SearchAsync($"AuditEvent?_count=1000&date={theEnd}")).Entry.Select(e => e.Resource!.Id!).ToList();

        var paged = new List<string>();
        var page = await SearchAsync($"AuditEvent?_count=3&date={theEnd}");
        while (true)
        {
            Assert.True(page.Entry.Count <= 3);
            paged.AddRange(page.Entry.Select(e => e.Resource!.Id!));
            if (page.NextLink is not { } next) break;
            page = await SearchAsync(next.PathAndQuery.Replace("/fhir/", ""));
        }

        Assert.Equal(whole, paged);
        Assert.Equal(whole.Count, whole.Distinct().Count());
    }

    [Fact]
    public async Task a_patient_and_a_date_range_narrow_the_search()
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");

        var gp = await SearchAsync($"AuditEvent?patient=Patient/gp.G1001&date=ge{today}&date=lt{tomorrow}&date={theEnd}");
        Assert.Equal(5, gp.Entry.Count);
        Assert.All(gp.Entry, e => Assert.Equal("Patient/gp.G1001", PatientOf((AuditEvent)e.Resource!)));
        Assert.Equal(gp.Entry.Count, (await SearchAsync($"AuditEvent?patient=gp.G1001&date={today}&date={theEnd}")).Entry.Count);
        Assert.Empty((await SearchAsync("AuditEvent?patient=Patient/gp.G1001&date=ge" + tomorrow)).Entry);
        Assert.Empty((await SearchAsync("AuditEvent?date=lt2020")).Entry);
        Assert.Empty((await SearchAsync("AuditEvent?patient=Patient/no_such_id")).Entry);

        var one = (AuditEvent)gp.Entry[0].Resource!;
        var read = await theServer.Http.GetAsync("AuditEvent/" + one.Id);
        Assert.Equal(one.Id, FhirHost.ParseStrictly(await read.Content.ReadAsStringAsync()).Id);
    }

    [Theory]
    [InlineData("AuditEvent?subject=Patient/gp.G1001", "subject")]
    [InlineData("AuditEvent?date=ne2025-01-01", "date")]
    [InlineData("AuditEvent?date=yesterday", "date")]
    [InlineData("AuditEvent?_count=0", "_count")]
    [InlineData("AuditEvent?patient=Person/p1", "patient")]
    [InlineData("AuditEvent?_cursor=x", "_cursor")]
    public async Task a_search_it_cannot_do_is_a_400_naming_the_parameter(string search, string parameter)
    {
        using var answer = await theServer.Http.GetAsync(search);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var outcome = Assert.IsType<OperationOutcome>(FhirHost.ParseStrictly(await answer.Content.ReadAsStringAsync()));
        Assert.Equal(parameter, Assert.Single(Assert.Single(outcome.Issue).Expression));
    }

    private async Task<Bundle> SearchAsync(string search)
    {
        using var answer = await theServer.Http.GetAsync(search);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return Assert.IsType<Bundle>(FhirHost.ParseStrictly(await answer.Content.ReadAsStringAsync()));
    }

    private static string OperationOf(AuditEvent e) => e.Subtype.Single(s => s.System == "urn:patientindex:operation").Code!;

    private static string? PatientOf(AuditEvent e) => e.Entity.SingleOrDefault(x => x.Role?.Code == "1")?.What?.Reference;
}
