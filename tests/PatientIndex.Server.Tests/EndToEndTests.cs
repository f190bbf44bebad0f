using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>The real server process, started as a user would, over plaintext HTTP/2 on a free loopback port.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-e2e-").FullName;

    [Fact]
    public async Task the_real_server_links_records_over_http2_and_reports_serving()
    {
        using var server = RealServer.StartGrpc(_directory, $"--Storage:Sqlite:Path={Path.Combine(_directory, "db", "patientindex.db")}");
        await server.WaitUntilServingAsync();
        var client = server.Client;

        var gp = await client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });
        var hospital = await client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.HospitalBill() }, deadline: DateTime.UtcNow.AddSeconds(10));
        var xref = await client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "G1001" });

        Assert.Equal((Decision.Linked, gp.PersonId), (hospital.Decision, hospital.PersonId));
        Assert.Equal(2, xref.Records.Count);
        Assert.True(File.Exists(Path.Combine(_directory, "db", "patientindex.db")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
