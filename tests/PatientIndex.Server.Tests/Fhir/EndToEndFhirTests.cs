using System.Diagnostics;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using static PatientIndex.Server.Tests.Fhir.PatientResources;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests.Fhir;

/// <summary>The real server process with its two named endpoints; FHIR over plain HTTP/1.1 on the Web one.</summary>
public sealed class EndToEndFhirTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-fhir-e2e-").FullName;

    [Fact]
    public async Task the_real_server_feeds_and_links_patients_over_http1_on_the_web_endpoint()
    {
        using var server = RealServer.StartGrpcAndWeb(_directory, $"--Storage:Sqlite:Path={Path.Combine(_directory, "patientindex.db")}");
        var web = server.WebAddress!;
        using var http = new HttpClient(RealServer.AuthenticatedHandler()) { DefaultRequestVersion = System.Net.HttpVersion.Version11 };
        await WaitUntilAnswering(http, $"{web}/fhir/metadata", server);
        using var client = new FhirClient($"{web}/fhir", http, new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false });
        client.WithStrictSerializer();

        await client.ConditionalUpdateAsync(GpWilliam(), new SearchParams().Add("identifier", $"{Gp}|G1001"));
        await client.ConditionalUpdateAsync(HospitalBill(), new SearchParams().Add("identifier", $"{Hospital}|RR8-556677"));
        var found = await client.SearchAsync<Hl7.Fhir.Model.Person>(new SearchParams().Add("patient", "Patient/gp.G1001"));

        var person = Assert.IsType<Hl7.Fhir.Model.Person>(Assert.Single(found!.Entry).Resource);
        Assert.Equal(["Patient/gp.G1001", "Patient/hospital.RR8-556677"], person.Link.Select(l => l.Target.Reference!).Order());
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static async Task WaitUntilAnswering(HttpClient http, string url, RealServer server)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            server.AssertStillRunning();
            try
            {
                using var response = await http.GetAsync(url);
                Assert.Equal(new Version(1, 1), response.Version);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(30)) { }
            await Task.Delay(100);
        }
    }
}
