using System.Net;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using PatientIndex.Api.V1;
using static PatientIndex.Server.Tests.Fhir.PatientResources;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Security;

/// <summary>An integration system writes only its own records: a GP's token cannot write, change or remove a hospital's, by gRPC, FHIR or an extract job.</summary>
public sealed class SourceOwnershipTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-ownership-").FullName;
    private ServiceHost theService = null!;
    private GrpcChannel theGp = null!;

    public async Task InitializeAsync()
    {
        theService = new ServiceHost();
        theGp = theService.ChannelFor(TestCallers.Integration("gp"));
        await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.HospitalBill() });
    }

    public async Task DisposeAsync()
    {
        theGp.Dispose();
        await theService.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private PatientIndex.Api.V1.PatientIndex.PatientIndexClient GpClient => new(theGp);

    private async Task<PatientRecord> HeldHospitalRecordAsync()
    {
        var xref = await theService.Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "hospital", RecordId = Patients.HospitalBill().RecordId });
        var person = await theService.Client.GetPersonAsync(new GetPersonRequest { PersonId = xref.PersonId });
        return person.Records.Single(r => r.Record.Source == "hospital").Record;
    }

    [Fact]
    public async Task a_gp_token_cannot_link_change_stream_or_remove_a_hospital_record_over_grpc_but_writes_its_own()
    {
        var changed = Patients.HospitalBill().With(source: "hospital", recordId: Patients.HospitalBill().RecordId);
        changed.FamilyName = "Somebody-Else";

        var link = await Assert.ThrowsAsync<RpcException>(() => GpClient.MatchAndLinkAsync(new MatchAndLinkRequest { Record = changed }).ResponseAsync);
        var remove = await Assert.ThrowsAsync<RpcException>(() =>
            GpClient.RemoveRecordAsync(new RemoveRecordRequest { Source = "hospital", RecordId = changed.RecordId }).ResponseAsync);
        using var stream = GpClient.MatchAndLinkStream();
        await stream.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = changed });
        await stream.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });
        await stream.RequestStream.CompleteAsync();
        var answers = new List<MatchAndLinkStreamResponse>();
        await foreach (var answer in stream.ResponseStream.ReadAllAsync()) answers.Add(answer);

        Assert.Equal(StatusCode.PermissionDenied, link.StatusCode);
        Assert.Contains("hospital", link.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, remove.StatusCode);
        Assert.Equal("PERMISSION_DENIED", answers[0].Error.Code);
        Assert.Equal(MatchAndLinkStreamResponse.OutcomeOneofCase.Result, answers[1].OutcomeCase);
        Assert.Equal(Patients.HospitalBill().FamilyName, (await HeldHospitalRecordAsync()).FamilyName);
    }

    [Fact]
    public async Task a_gp_token_cannot_create_update_withdraw_or_bundle_a_hospital_patient_over_fhir()
    {
        using var http = new HttpClient(theService.CreateHandler(TestCallers.Integration("gp"))) { BaseAddress = new Uri(theService.BaseAddress, "/fhir/") };
        var hospital = HospitalBill();
        hospital.Name[0].Family = "Somebody-Else";
        var transaction = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                new Bundle.EntryComponent { Resource = GpWilliam(), Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Patient?identifier={Gp}|G1001" } },
                new Bundle.EntryComponent { Resource = hospital, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Patient?identifier={Hospital}|RR8-556677" } },
            ],
        };

        var put = await SendAsync(http, HttpMethod.Put, $"Patient?identifier={Hospital}|RR8-556677", hospital);
        var post = await SendAsync(http, HttpMethod.Post, "Patient", hospital);
        var delete = await SendAsync(http, HttpMethod.Delete, "Patient/hospital.RR8-556677", null);
        var bundle = await SendAsync(http, HttpMethod.Post, "", transaction);

        Assert.All([put, post, delete, bundle], answer =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
            Assert.Equal(OperationOutcome.IssueType.Forbidden, Assert.IsType<OperationOutcome>(answer.Body).Issue.Single().Code);
        });
        Assert.Equal(Patients.HospitalBill().FamilyName, (await HeldHospitalRecordAsync()).FamilyName);
        var gpWritten = await Assert.ThrowsAsync<RpcException>(() =>
            theService.Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "G1001" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gpWritten.StatusCode);
    }

    [Fact]
    public async Task a_gp_token_may_submit_its_own_extract_but_a_hospital_extract_fails_before_anything_is_linked()
    {
        var jobs = new Jobs.JobsClient(theGp);
        var own = Write("gp.csv", "record_id,given_name,family_name,dob\nG7,Ann,Shaw,1950-01-01\n");
        var stranger = Write("hospital.csv", $"record_id,given_name,family_name,dob\n{Patients.HospitalBill().RecordId},Someone,Else,1950-01-01\nH2,Ann,Shaw,1950-01-01\n");

        var ownJob = await JobClient.UploadAndWaitAsync(jobs, own, new JobOptions { FileName = "gp.csv" });
        var strangerJob = await JobClient.UploadAndWaitAsync(jobs, stranger, new JobOptions { FileName = "hospital.csv" });
        var byPath = await Assert.ThrowsAsync<RpcException>(() => jobs.SubmitPathAsync(new SubmitPathRequest { Path = stranger, Options = new JobOptions() }).ResponseAsync);

        Assert.Equal(JobState.Succeeded, ownJob.State);
        Assert.Equal(JobState.Failed, strangerJob.State);
        Assert.Contains("permission denied", strangerJob.Error);
        Assert.Equal(StatusCode.PermissionDenied, byPath.StatusCode);
        Assert.Equal(Patients.HospitalBill().FamilyName, (await HeldHospitalRecordAsync()).FamilyName);
        var h2 = await Assert.ThrowsAsync<RpcException>(() => theService.Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "hospital", RecordId = "H2" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, h2.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, Resource Body)> SendAsync(HttpClient http, HttpMethod method, string path, Resource? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJson(), Encoding.UTF8, "application/fhir+json");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, Fhir.FhirHost.ParseStrictly(await response.Content.ReadAsStringAsync()));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
