extern alias server;
using System.Net;
using System.Text;
using Grpc.Core;
using PatientIndex.Api.V1;
using PatientIndex.Core.Audit;
using PatientIndex.Server.Tests.Fhir;
using static PatientIndex.Server.Tests.Auditing.AuditProbe;
using IssuerClient = server::PatientIndex.Server.Security.Development.IssuerClient;

namespace PatientIndex.Server.Tests.Auditing;

/// <summary>
/// Every gRPC method and FHIR interaction, one after another on one server, each leaving exactly the
/// audit events it should: how many, what they did, how they ended, by whom, and which records and
/// persons they name. (The steward page's views and actions: <see cref="StewardPageBrowserTests"/>, signed in.)
/// </summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private const string Jo = "jo.smith";
    private const string Ann = "ann.steward";
    /// <summary>The subject of the tests' default token (<see cref="TestCallers.Everything"/>).</summary>
    private const string Runner = "test-runner";
    private const string Pix = "grpc /patientindex.v1.PatientIndex/";
    private const string Stewards = "grpc /patientindex.v1.Stewardship/";
    private const string FhirSource = "urn:patientindex:source:community";
    /// <summary>Every role and scope, under a name of her own.</summary>
    private static readonly IssuerClient JoSmith = TestCallers.Everything with { Id = "audit-jo", Subject = Jo, Name = "Jo Smith" };
    private static readonly Metadata AsJo = TestIssuer.Shared.As(JoSmith);
    private static readonly Metadata AsAnn = TestIssuer.Shared.As(TestCallers.Steward(Ann));

    private readonly FhirHost theFhir = new();
    private AuditProbe theTrail = null!;

    private ServiceHost Service => theFhir.Service;
    private PatientIndex.Api.V1.PatientIndex.PatientIndexClient Index => Service.Client;
    private Stewardship.StewardshipClient Steward => new(Service.Channel);

    public Task InitializeAsync()
    {
        theTrail = new AuditProbe(Service);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await theFhir.DisposeAsync();

    [Fact]
    public async Task every_grpc_method_leaves_exactly_its_audit_events()
    {
        var william = await Index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() }, AsJo);
        await Expect(Linked(william, AccessAction.Create));
        var bill = await Index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.HospitalBill(), MaxCandidates = 1 }, AsJo);
        Assert.Equal((Decision.Linked, 1), (bill.Decision, bill.Candidates.Count));
        await Expect(Linked(bill, AccessAction.Create));
        var again = await Index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() }, AsJo);
        Assert.False(again.Changed);
        await Expect(Linked(again, AccessAction.Update));
        await Refused(() => Index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = new PatientRecord { Source = "gp" } }, AsJo));
        await Expect(Event(AccessAction.Update, "refused(INVALID_ARGUMENT)", Pix + "MatchAndLink", Jo));

        using (var stream = Index.MatchAndLinkStream(AsJo))
        {
            await stream.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = Patients.CommunityWill() });
            await stream.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = new PatientRecord { Source = "community", RecordId = "C-78", Dob = "x".PadLeft(300, 'x') } });
            await stream.RequestStream.CompleteAsync();
            var answers = await stream.ResponseStream.ReadAllAsync().ToListAsync();
            await Expect(Linked(answers[0].Result, AccessAction.Create, Pix + "MatchAndLinkStream"),
                Event(AccessAction.Update, "refused(INVALID_ARGUMENT)", Pix + "MatchAndLinkStream", Jo, changed: "community/C-78"));
        }

        var match = await Index.MatchAsync(new MatchRequest { Record = new PatientRecord { FamilyName = "Hartley", Dob = "1984-02-29" } }, AsJo);
        Assert.NotEmpty(match.Candidates);
        var matched = Assert.Single(await Expect(Event(AccessAction.Query, "success", Pix + "Match", Jo, returned: Keys(match.Candidates),
            persons: Persons(match.Candidates.Select(c => c.PersonId)))));
        Assert.Contains("Hartley", matched.Query);
        Assert.Contains("1984-02-29", matched.Query);

        var person = await Index.GetPersonAsync(new GetPersonRequest { PersonId = william.PersonId }, AsJo);
        Assert.Equal(3, person.Records.Count);
        await Expect(Event(AccessAction.Read, "success", Pix + "GetPerson", Jo, returned: "community/C-77 gp/G1001 hospital/RR8-556677", persons: william.PersonId));
        await Refused(() => Index.GetPersonAsync(new GetPersonRequest { PersonId = "nobody" }, AsJo));
        await Expect(Event(AccessAction.Read, "refused(NOT_FOUND)", Pix + "GetPerson", Jo, persons: "nobody"));
        await Index.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "G1001" });
        await Expect(Event(AccessAction.Query, "success", Pix + "GetCrossReferences", Runner, returned: "community/C-77 gp/G1001 hospital/RR8-556677",
            persons: william.PersonId));
        await Index.RemoveRecordAsync(new RemoveRecordRequest { Source = "community", RecordId = "C-77" }, AsJo);
        await Expect(Event(AccessAction.Delete, "success", Pix + "RemoveRecord", Jo, changed: "community/C-77", persons: william.PersonId));
        await Refused(() => Index.RemoveRecordAsync(new RemoveRecordRequest { Source = "gp", RecordId = "none" }, AsJo));
        await Expect(Event(AccessAction.Delete, "refused(NOT_FOUND)", Pix + "RemoveRecord", Jo, changed: "gp/none"));

        // The steward's desk: a review task, resolved; an unlink, a refused link and a link; a merge, its undo and a refused undo.
        // Amelia's NHS number is William's in the stewardship tests: here she has one of her own.
        var ameliaRecord = StewardshipTests.GpAmelia();
        ameliaRecord.NhsNumber = "4010232137";
        var amelia = await Index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = ameliaRecord }, AsJo);
        var amy = await Index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = StewardshipTests.HospitalAmelia() }, AsJo);
        Assert.Equal(Decision.Review, amy.Decision);
        await Expect(Linked(amelia, AccessAction.Create), Linked(amy, AccessAction.Create));
        var both = Persons([amelia.PersonId, amy.PersonId]);
        var queue = await Steward.ListReviewTasksAsync(new ListReviewTasksRequest(), AsAnn);
        await Expect(Event(AccessAction.Query, "success", Stewards + "ListReviewTasks", Ann, returned: "gp/G1 hospital/H9", persons: both));
        await Steward.GetReviewTaskAsync(new GetReviewTaskRequest { TaskId = queue.Tasks.Single().TaskId }, AsAnn);
        await Expect(Event(AccessAction.Read, "success", Stewards + "GetReviewTask", Ann, returned: "gp/G1 hospital/H9", persons: both));
        await Steward.ResolveReviewTaskAsync(new ResolveReviewTaskRequest { TaskId = amy.ReviewTaskId, Resolution = ReviewResolution.SamePerson }, AsAnn);
        await Expect(Event(AccessAction.StewardResolve, "success", Stewards + "ResolveReviewTask", Ann, changed: "gp/G1 hospital/H9", persons: both));
        await Steward.GetHistoryAsync(new GetHistoryRequest { PersonId = amelia.PersonId }, AsAnn);
        await Expect(Event(AccessAction.Read, "success", Stewards + "GetHistory", Ann, returned: "gp/G1 hospital/H9", persons: both));
        await Steward.UnlinkRecordAsync(new UnlinkRecordRequest { Record = Reference("hospital", "H9"), Reason = "not her" }, AsAnn);
        var apart = (await Service.Store.FindRecordAsync(new("hospital", "H9")))!.Link.PersonId;
        await Expect(Event(AccessAction.StewardUnlink, "success", Stewards + "UnlinkRecord", Ann, changed: "hospital/H9", persons: Persons([amelia.PersonId, apart])));
        await Refused(() => Steward.LinkRecordsAsync(new LinkRecordsRequest { Record = Reference("hospital", "H9"), To = Reference("hospital", "H9") }, AsAnn));
        await Expect(Event(AccessAction.StewardLink, "refused(FAILED_PRECONDITION)", Stewards + "LinkRecords", Ann, changed: "hospital/H9"));
        await Steward.LinkRecordsAsync(new LinkRecordsRequest { Record = Reference("hospital", "H9"), To = Reference("gp", "G1") }, AsAnn);
        await Expect(Event(AccessAction.StewardLink, "success", Stewards + "LinkRecords", Ann, changed: "hospital/H9", persons: Persons([amelia.PersonId, apart])));
        var merge = await Steward.MergePersonsAsync(new MergePersonsRequest { FromPersonId = william.PersonId, IntoPersonId = amelia.PersonId }, AsAnn);
        var williamAndAmelia = Persons([william.PersonId, amelia.PersonId]);
        await Expect(Event(AccessAction.StewardMerge, "success", Stewards + "MergePersons", Ann, changed: "gp/G1001 hospital/RR8-556677", persons: williamAndAmelia));
        await Steward.UnmergePersonAsync(new UnmergePersonRequest { MergeId = merge.MergeId }, AsAnn);
        await Expect(Event(AccessAction.StewardUnmerge, "success", Stewards + "UnmergePerson", Ann, changed: "gp/G1001 hospital/RR8-556677", persons: williamAndAmelia));
        await Refused(() => Steward.UnmergePersonAsync(new UnmergePersonRequest { MergeId = merge.MergeId }, AsAnn));
        await Expect(Event(AccessAction.StewardUnmerge, "refused(FAILED_PRECONDITION)", Stewards + "UnmergePerson", Ann, changed: "gp/G1001 hospital/RR8-556677",
            persons: williamAndAmelia));

        var admin = new Admin.AdminClient(Service.Channel);
        await admin.GetModelAsync(new GetModelRequest(), AsJo);
        await Expect(Event(AccessAction.Read, "success", "grpc /patientindex.v1.Admin/GetModel", Jo));
        await Refused(() => admin.RelearnModelAsync(new RelearnModelRequest(), AsJo));
        await Expect(Event(AccessAction.ModelRelearn, "refused(FAILED_PRECONDITION)", "grpc /patientindex.v1.Admin/RelearnModel", Jo));

        // A job: its submission by the user, each chunk by the job itself, following it a read.
        var jobs = new Jobs.JobsClient(Service.Channel);
        var extract = Path.Combine(Path.GetTempPath(), $"extract-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(extract, "record_id,given_name,family_name,dob,postcode\nE1,Nadia,Quist,1971-05-05,YO1 7HH\nE2,Omar,Revel,1966-08-09,YO1 7HH\n");
        Job job;
        try
        {
            using var upload = jobs.SubmitUpload(AsJo);
            await upload.RequestStream.WriteAsync(new SubmitUploadRequest { Options = new JobOptions { FileName = "ward.csv" } });
            await upload.RequestStream.WriteAsync(new SubmitUploadRequest { Content = Google.Protobuf.ByteString.CopyFrom(await File.ReadAllBytesAsync(extract)) });
            await upload.RequestStream.CompleteAsync();
            job = await upload;
        }
        finally { File.Delete(extract); }
        using (var watch = jobs.WatchJob(new GetJobRequest { JobId = job.JobId }, AsJo))
            Assert.Equal(JobState.Succeeded, (await watch.ResponseStream.ReadAllAsync().ToListAsync())[^1].State);
        var e1 = (await Service.Store.FindRecordAsync(new("ward", "E1")))!.Link.PersonId;
        var e2 = (await Service.Store.FindRecordAsync(new("ward", "E2")))!.Link.PersonId;
        var submitted = await Expect(
            Event(AccessAction.JobSubmit, "success", "grpc /patientindex.v1.Jobs/SubmitUpload", Jo),
            Event(AccessAction.JobChunk, "success", "job chunk", "extract-job:" + job.JobId, changed: "ward/E1 ward/E2", persons: Persons([e1, e2])),
            Event(AccessAction.Read, "success", "grpc /patientindex.v1.Jobs/WatchJob", Jo));
        Assert.Contains(job.JobId, submitted.Single(e => e.Action == AccessAction.JobSubmit).Query);
        Assert.Equal(job.JobId, submitted.Single(e => e.Action == AccessAction.JobChunk).RequestId);
        await jobs.GetJobAsync(new GetJobRequest { JobId = job.JobId }, AsJo);
        await jobs.ListJobsAsync(new ListJobsRequest(), AsJo);
        await Expect(Event(AccessAction.Read, "success", "grpc /patientindex.v1.Jobs/GetJob", Jo),
            Event(AccessAction.Query, "success", "grpc /patientindex.v1.Jobs/ListJobs", Jo));

        var audit = new Audit.AuditClient(Service.Channel);
        var trail = await audit.ListAuditEventsAsync(new ListAuditEventsRequest { Record = Reference("gp", "G1001") }, AsJo);
        var own = Assert.Single(await Expect(Event(AccessAction.Query, "success", "grpc /patientindex.v1.Audit/ListAuditEvents", Jo, returned: "gp/G1001")));
        var stored = await ((IAuditTrail)Service.Store).ReadAuditEventsAsync(new AuditQuery { Record = new("gp", "G1001"), Limit = 1000 });
        Assert.Equal(stored.Events.Select(e => e.EventId).Where(id => id < own.EventId), trail.Events.Select(e => e.EventId));
        Assert.True(trail.Events.Count > 5);
        Assert.All(trail.Events, e => Assert.Contains(e.ChangedRecords.Concat(e.ReturnedRecords), r => r.Source == "gp" && r.RecordId == "G1001"));
    }

    [Fact]
    public async Task every_fhir_interaction_leaves_exactly_its_audit_events()
    {
        var william = await Index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });
        var bill = await Index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.HospitalBill() });
        await theTrail.SinceAsync();
        const string Fhir = "fhir ";

        var f1 = Patient("F1", "Nadia", "Quist", "1971-05-05");
        Assert.Equal(HttpStatusCode.Created, await Send(HttpMethod.Put, $"Patient?identifier={FhirSource}|F1", f1));
        var nadia = await PersonOf("community", "F1");
        await Expect(Event(AccessAction.Create, "success", Fhir + "PUT /fhir/Patient", Runner, changed: "community/F1", persons: nadia));
        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Put, "Patient/community.F1", f1.Replace("\"resourceType\": \"Patient\",", "\"resourceType\": \"Patient\", \"id\": \"community.F1\",")));
        await Expect(Event(AccessAction.Update, "success", Fhir + "PUT /fhir/Patient/{id}", Runner, changed: "community/F1", persons: nadia));

        var f2 = Patient("F2", "Omar", "Revel", "1966-08-09");
        Assert.Equal(HttpStatusCode.Created, await Send(HttpMethod.Post, "Patient", f2));
        var omar = await PersonOf("community", "F2");
        await Expect(Event(AccessAction.Create, "success", Fhir + "POST /fhir/Patient", Runner, changed: "community/F2", persons: omar));
        Assert.Equal(HttpStatusCode.Conflict, await Send(HttpMethod.Post, "Patient", f2));
        await Expect(Event(AccessAction.Create, "refused(409)", Fhir + "POST /fhir/Patient", Runner, changed: "community/F2"));
        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Post, "Patient", f2, ("If-None-Exist", $"identifier={FhirSource}|F2")));
        await Expect(Event(AccessAction.Query, "success", Fhir + "POST /fhir/Patient", Runner, returned: "community/F2", persons: omar));

        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Get, "Patient/community.F1"));
        await Expect(Event(AccessAction.Read, "success", Fhir + "GET /fhir/Patient/{id}", Runner, returned: "community/F1", persons: nadia));
        Assert.Equal(HttpStatusCode.NotFound, await Send(HttpMethod.Get, "Patient/community.nope"));
        await Expect(Event(AccessAction.Read, "refused(404)", Fhir + "GET /fhir/Patient/{id}", Runner, returned: "community/nope"));

        var match = await theFhir.MatchAsync(new Hl7.Fhir.Model.Patient
        {
            Name = [new Hl7.Fhir.Model.HumanName { Family = "Hartley", Given = ["William"] }], BirthDate = "1984-02-29",
        });
        Assert.Equal(2, match.Entry.Count);
        var matched = Assert.Single(await Expect(Event(AccessAction.Query, "success", Fhir + "POST /fhir/Patient/$match", Runner,
            returned: "gp/G1001 hospital/RR8-556677", persons: william.PersonId)));
        Assert.Contains("Hartley", matched.Query);

        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Get, "Patient/$ihe-pix?sourceIdentifier=urn:patientindex:source:gp|G1001"));
        await Expect(Event(AccessAction.Query, "success", Fhir + "GET /fhir/Patient/$ihe-pix", Runner, returned: "gp/G1001 hospital/RR8-556677",
            persons: william.PersonId));
        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Get, "Person/" + william.PersonId));
        await Expect(Event(AccessAction.Read, "success", Fhir + "GET /fhir/Person/{id}", Runner, returned: "gp/G1001 hospital/RR8-556677",
            persons: william.PersonId));
        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Get, "Person?patient=Patient/hospital.RR8-556677"));
        await Expect(Event(AccessAction.Query, "success", Fhir + "GET /fhir/Person", Runner, returned: "gp/G1001 hospital/RR8-556677",
            persons: william.PersonId));

        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Delete, "Patient/community.F2"));
        await Expect(Event(AccessAction.Delete, "success", Fhir + "DELETE /fhir/Patient/{id}", Runner, changed: "community/F2", persons: omar));
        Assert.Equal(HttpStatusCode.NotFound, await Send(HttpMethod.Delete, $"Patient?identifier={FhirSource}|F2"));
        await Expect(Event(AccessAction.Delete, "refused(404)", Fhir + "DELETE /fhir/Patient", Runner, changed: "community/F2"));

        // A batch: each entry its own event, the refused one too.
        var batch = $$$"""
            {"resourceType": "Bundle", "type": "batch", "entry": [
              {"resource": {{{Patient("F3", "Petra", "Sands", "1990-10-10")}}}, "request": {"method": "PUT", "url": "Patient?identifier={{{FhirSource}}}|F3"}},
              {"resource": {{{f1}}}, "request": {"method": "POST", "url": "Patient"}}]}
            """;
        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Post, "", batch));
        await Expect(Event(AccessAction.Create, "success", Fhir + "POST /fhir/", Runner, changed: "community/F3", persons: await PersonOf("community", "F3")),
            Event(AccessAction.Create, "refused(409)", Fhir + "POST /fhir/", Runner, changed: "community/F1"));

        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Get, "AuditEvent?patient=Patient/community.F1&date=ge2020-01-01"));
        await Expect(Event(AccessAction.Query, "success", Fhir + "GET /fhir/AuditEvent", Runner, returned: "community/F1"));
        Assert.Equal(HttpStatusCode.OK, await Send(HttpMethod.Get, "metadata"));
        Assert.Equal(HttpStatusCode.NotFound, await Send(HttpMethod.Get, "Observation?patient=Patient/community.F1"));
        await Expect(Event(AccessAction.Read, "refused(404)", Fhir + "GET /fhir/{**path}", Runner));
    }

    [Fact]
    public async Task the_token_names_the_user_and_client_and_a_client_request_id_is_kept_with_the_event()
    {
        using var http = new HttpClient(Service.CreateHandler(JoSmith)) { BaseAddress = new Uri(Service.BaseAddress, "/fhir/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "Person/nobody");
        request.Headers.Add("X-Request-Id", "ward-7-0042");
        request.Headers.Add("x-user", "someone.else");
        using var answer = await http.SendAsync(request);

        var e = Assert.Single(await theTrail.SinceAsync());
        Assert.Equal(("ward-7-0042", Jo, "Jo Smith", "audit-jo", AccessOutcome.Refused), (e.RequestId, e.Actor, e.ActorName, e.Client, e.Outcome));
        Assert.StartsWith("404: Person/nobody not found", e.OutcomeDetail);
        Assert.Equal("GET /fhir/Person/nobody", e.Query);
    }

    [Fact]
    public async Task a_call_refused_at_the_door_for_its_token_is_a_refused_attempt_by_whoever_the_token_names()
    {
        using var anonymous = Service.ChannelFor(null);
        await Refused(() => new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(anonymous).MatchAsync(new MatchRequest { Record = new PatientRecord { FamilyName = "Hartley" } }));
        using var reader = Service.ChannelFor(TestCallers.Reader);
        await Refused(() => new Audit.AuditClient(reader).ListAuditEventsAsync(new ListAuditEventsRequest()));
        using var fhir = new HttpClient(Service.CreateHandler(TestCallers.Reader)) { BaseAddress = new Uri(Service.BaseAddress, "/fhir/") };
        Assert.Equal(HttpStatusCode.Forbidden, (await fhir.GetAsync("AuditEvent?patient=Patient/gp.G1001")).StatusCode);

        await Expect(Event(AccessAction.Query, "refused(UNAUTHENTICATED)", Pix + "Match", "anonymous"),
            Event(AccessAction.Query, "refused(PERMISSION_DENIED)", "grpc /patientindex.v1.Audit/ListAuditEvents", "reader"),
            Event(AccessAction.Query, "refused(403)", "fhir GET /fhir/AuditEvent", "reader"));
    }

    private async Task<List<AccessEvent>> Expect(params string[] expected)
    {
        var events = await theTrail.SinceAsync();
        var (wanted, found) = (string.Join('\n', expected.Order(StringComparer.Ordinal)), string.Join('\n', events.Select(Shown).Order(StringComparer.Ordinal)));
        if (wanted != found) Assert.Fail($"expected the audit events\n{wanted}\nbut found\n{found}");
        return events;
    }

    private static async Task Refused<T>(Func<AsyncUnaryCall<T>> call) => await Assert.ThrowsAsync<RpcException>(async () => await call());

    private static string Event(AccessAction action, string outcome, string operation, string actor, string changed = "", string returned = "", string persons = "") =>
        $"{action} {outcome} {operation} by {actor} changed [{changed}] returned [{returned}] persons [{persons}]";

    /// <summary>The event of a match-and-link that changed (or re-sent) only its own record: the candidates answered are disclosed.</summary>
    private static string Linked(MatchAndLinkResponse r, AccessAction action, string operation = Pix + "MatchAndLink") =>
        Event(action, "success", operation, Jo, changed: $"{r.Source}/{r.RecordId}", returned: Keys(r.Candidates),
            persons: Persons([r.PersonId], r.Candidates.Select(c => c.PersonId)));

    private static string Keys(IEnumerable<Candidate> candidates) => AuditProbe.Keys(candidates.Select(c => new Core.Store.RecordKey(c.Source, c.RecordId)));

    private static RecordReference Reference(string source, string recordId) => new() { Source = source, RecordId = recordId };

    private async Task<string> PersonOf(string source, string recordId) => (await Service.Store.FindRecordAsync(new(source, recordId)))!.Link.PersonId;

    private static string Patient(string id, string given, string family, string dob) => $$"""
        {"resourceType": "Patient", "identifier": [{"system": "{{FhirSource}}", "value": "{{id}}"}],
         "name": [{"family": "{{family}}", "given": ["{{given}}"]}], "birthDate": "{{dob}}"}
        """;

    private async Task<HttpStatusCode> Send(HttpMethod method, string path, string? body = null, (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, FhirHost.MediaType);
        if (header is { } h) request.Headers.Add(h.Name, h.Value);
        using var answer = await theFhir.Http.SendAsync(request);
        return answer.StatusCode;
    }
}
