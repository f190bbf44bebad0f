using System.Net;
using System.Text;
using Grpc.Core;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests.Auditing;

/// <summary>
/// Patient data goes to the audit trail, never to the application log: the server logging everything it
/// can (every category at Trace) through the scenarios of every door — links, searches, reads, refusals,
/// steward actions, FHIR feeds, an extract job with a bad row — writes no name, NHS number or birth date
/// of the patients it was given.
/// </summary>
public sealed class LogScanTests
{
    private static readonly Metadata Ann = TestIssuer.Shared.As(TestCallers.Steward("ann.steward"));

    [Fact]
    public async Task no_name_nhs_number_or_birth_date_of_a_patient_reaches_the_log()
    {
        var log = new CapturedLog();
        var patients = new[] { Patients.GpWilliam(), Patients.HospitalBill(), Patients.CommunityWill(), Patients.Twins().Item1, Patients.Twins().Item2,
            StewardshipTests.GpAmelia(), StewardshipTests.HospitalAmelia() };
        await using (var service = new ServiceHost(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace", ["Logging:LogLevel:Grpc"] = "Trace",
        }, logs: log))
        {
            await RunEveryDoorAsync(service, patients);
        }

        Assert.NotEmpty(log.Entries);
        var text = string.Join('\n', log.Entries);
        var secrets = patients.SelectMany(p => new[] { p.GivenName, p.MiddleNames, p.FamilyName, p.Dob, p.NhsNumber, p.NhsNumber.Replace(" ", ""), p.Phone, p.Email })
            .Append("Nadia").Append("Quist").Append("1971-05-05").Append("4010232153")
            .Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var leaked = secrets.Where(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaked.Count == 0, $"the log holds {string.Join(", ", leaked)}:\n"
            + string.Join('\n', log.Entries.Where(e => leaked.Any(s => e.Contains(s, StringComparison.OrdinalIgnoreCase)))));
    }

    private static async Task RunEveryDoorAsync(ServiceHost service, PatientRecord[] patients)
    {
        var index = service.Client;
        var steward = new Stewardship.StewardshipClient(service.Channel);
        var responses = new List<MatchAndLinkResponse>();
        foreach (var patient in patients) responses.Add(await index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = patient }));
        await index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = patients[0] });
        var bad = patients[0].With("gp", "G-bad");
        bad.Dob = "1984-02-30";
        bad.NhsNumber = "943476591X";
        await index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = bad });
        var refused = patients[1].With("hospital", "");
        refused.GivenName = "Bill\u202E";
        await Assert.ThrowsAsync<RpcException>(async () => await index.MatchAndLinkAsync(new MatchAndLinkRequest { Record = refused }));
        using (var stream = index.MatchAndLinkStream())
        {
            await stream.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = patients[2] });
            await stream.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = refused });
            await stream.RequestStream.CompleteAsync();
            await stream.ResponseStream.ReadAllAsync().ToListAsync();
        }
        await index.MatchAsync(new MatchRequest { Record = new PatientRecord { GivenName = "William", FamilyName = "Hartley", Dob = "1984-02-29" } });
        await index.GetPersonAsync(new GetPersonRequest { PersonId = responses[0].PersonId });
        await index.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "G1001" });
        await Assert.ThrowsAsync<RpcException>(async () => await index.GetPersonAsync(new GetPersonRequest { PersonId = "nobody" }));

        var review = responses.First(r => r.Decision == Decision.Review);
        await steward.GetReviewTaskAsync(new GetReviewTaskRequest { TaskId = review.ReviewTaskId }, Ann);
        await steward.ListReviewTasksAsync(new ListReviewTasksRequest(), Ann);
        await steward.ResolveReviewTaskAsync(new ResolveReviewTaskRequest { TaskId = review.ReviewTaskId, Resolution = ReviewResolution.SamePerson, Reason = "the ward confirmed it" }, Ann);
        await steward.GetHistoryAsync(new GetHistoryRequest { PersonId = responses[0].PersonId }, Ann);
        await Assert.ThrowsAsync<RpcException>(async () => await steward.MergePersonsAsync(new MergePersonsRequest { FromPersonId = "nobody", IntoPersonId = responses[0].PersonId }, Ann));

        using var fhir = new HttpClient(service.CreateHandler()) { BaseAddress = new Uri(service.BaseAddress, "/fhir/") };
        const string Nadia = """
            {"resourceType": "Patient", "identifier": [{"system": "urn:patientindex:source:community", "value": "F1"}, {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "4010232153"}],
             "name": [{"family": "Quist", "given": ["Nadia"]}], "birthDate": "1971-05-05"}
            """;
        await Send(fhir, HttpMethod.Put, "Patient?identifier=urn:patientindex:source:community|F1", Nadia);
        await Send(fhir, HttpMethod.Post, "Patient", Nadia);
        await Send(fhir, HttpMethod.Post, "Patient", Nadia.Replace("1971-05-05", "1971-02-30"));
        await Send(fhir, HttpMethod.Post, "Patient", Nadia.Replace("\"Quist\"", "0"));
        await Send(fhir, HttpMethod.Post, "Patient/$match", """{"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": """ + Nadia + "}]}");
        await Send(fhir, HttpMethod.Get, "Patient/$ihe-pix?sourceIdentifier=urn:patientindex:source:gp|G1001");
        await Send(fhir, HttpMethod.Get, "Patient/community.F1");
        await Send(fhir, HttpMethod.Get, "Person?patient=Patient/community.F1");
        await Send(fhir, HttpMethod.Get, "AuditEvent?patient=Patient/gp.G1001");
        await Send(fhir, HttpMethod.Delete, "Patient/community.F1");

        var jobs = new Jobs.JobsClient(service.Channel);
        var extract = Path.Combine(Path.GetTempPath(), $"ward-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(extract, "record_id,given_name,family_name,dob,nhs_number\nE1,Nadia,Quist,1971-05-05,4010232153\nE2,\"Nadia,Quist,1971-05-05\n");
        try { await JobClient.UploadAndWaitAsync(jobs, extract, new JobOptions { FileName = "ward.csv" }); }
        finally { File.Delete(extract); }
    }

    private static async Task Send(HttpClient fhir, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/fhir+json");
        using var answer = await fhir.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.InternalServerError, answer.StatusCode);
    }
}
