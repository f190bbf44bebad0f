using Grpc.Core;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>The Jobs API at its edges: FHIR NDJSON extracts, unreadable files, unusable options, unknown jobs.</summary>
public sealed class JobsServiceTests : IAsyncLifetime
{
    private const string NhsSystem = "https://fhir.nhs.uk/Id/nhs-number";
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-jobs-").FullName;
    private ServiceHost theService = null!;
    private Jobs.JobsClient theJobs = null!;

    public Task InitializeAsync()
    {
        theService = new ServiceHost();
        theJobs = new Jobs.JobsClient(theService.Channel);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await theService.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task an_uploaded_fhir_ndjson_extract_links_with_records_the_index_holds_and_counts_its_bad_lines()
    {
        await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam().With(source: "gp", recordId: "G1") });
        var william = Patients.GpWilliam();
        var hospital = Write("hospital.ndjson",
            $$"""{"resourceType":"Patient","id":"H1","identifier":[{"system":"{{NhsSystem}}","value":"{{william.NhsNumber.Replace(" ", "")}}"}],"name":[{"family":"{{william.FamilyName}}","given":["{{william.GivenName}}"]}],"birthDate":"{{william.Dob}}","address":[{"postalCode":"{{william.Postcode}}"}]}""",
            "{ not json");

        var job = await JobClient.UploadAndWaitAsync(theJobs, hospital, new JobOptions { FileName = "hospital.ndjson" });

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal((1, 1, 1), (job.Report.Total.New, job.Report.Total.Linked, job.Report.Rejected));
        var gp = await theService.Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "G1" });
        Assert.Contains(gp.Records, r => r.Source == "hospital" && r.RecordId == "H1");
    }

    [Fact]
    public async Task a_file_that_cannot_be_read_as_an_extract_fails_its_job_naming_the_file()
    {
        var file = Write("gp.csv", "nhs_number,given_name\n9434765919,Ann");

        var job = await JobClient.UploadAndWaitAsync(theJobs, file, new JobOptions { FileName = "gp.csv" });

        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("gp.csv", job.Error);
        Assert.Contains("record_id", job.Error);
        Assert.DoesNotContain(Path.GetTempPath(), job.Error);
    }

    [Theory]
    [InlineData("max_withdrawn_share", 1.5, "", "gp.csv")]
    [InlineData("columns", 0.1, "no_such_column=x", "gp.csv")]
    [InlineData("file_name", 0.1, "", "")]
    public async Task unusable_options_are_invalid_argument_naming_the_field(string field, double share, string columns, string fileName)
    {
        var file = Write("gp.csv", "record_id,given_name\nG1,Ann\n");

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            JobClient.UploadAsync(theJobs, file, new JobOptions { FileName = fileName, MaxWithdrawnShare = share, Columns = columns }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
    }

    [Fact]
    public async Task a_path_the_server_cannot_read_is_invalid_argument_and_an_unknown_job_is_not_found()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await theJobs.SubmitPathAsync(new SubmitPathRequest { Path = Path.Combine(_directory, "nope.csv"), Options = new JobOptions() }));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await theJobs.GetJobAsync(new GetJobRequest { JobId = "nope" }));

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.NotFound), (missing.StatusCode, unknown.StatusCode));
        Assert.Contains("path", missing.Status.Detail);
    }

    [Fact]
    public async Task the_same_upload_twice_is_one_job()
    {
        var file = Write("gp.csv", "record_id,given_name,family_name,dob\nG1,Ann,Shaw,1950-01-01\n");

        var first = await JobClient.UploadAndWaitAsync(theJobs, file, new JobOptions { FileName = "gp.csv" });
        var again = await JobClient.UploadAsync(theJobs, file, new JobOptions { FileName = "gp.csv" }, partBytes: 7);

        Assert.Equal(first.JobId, again.JobId);
        Assert.Single((await theJobs.ListJobsAsync(new ListJobsRequest())).Jobs);
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
