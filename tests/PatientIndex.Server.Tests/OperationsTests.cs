extern alias server;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grpc.Core;
using PatientIndex.Api.V1;
using server::PatientIndex.Server.Security;
using server::PatientIndex.Server.Security.Development;

namespace PatientIndex.Server.Tests;

/// <summary>What an operator sees of the real server process: probes, the Prometheus scrape, the JSON log.</summary>
public sealed partial class OperationsTests : IDisposable
{
    private static readonly IssuerClient Monitor = new("monitor", "test-secret", [], [AccessPolicy.MetricsScope], []);
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-operations-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private RealServer Start() => RealServer.StartGrpcAndWeb(_directory, $"--Storage:Sqlite:Path={Path.Combine(_directory, "patientindex.db")}",
        "--Telemetry:StoreSampleInterval=00:00:00.200", "--Fhir:Sources:gp=https://fhir.example.org/gp");

    [Fact]
    public async Task metrics_are_prometheus_text_counting_the_decisions_and_calls_made_and_only_a_monitor_may_read_them()
    {
        using var theServer = Start();
        await theServer.WaitUntilServingAsync();
        var (twin1, twin2) = Patients.Twins();

        foreach (var record in new[] { Patients.GpWilliam(), Patients.HospitalBill(), twin1, twin2 })
            await theServer.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record });
        var invalid = Patients.GpWilliam().With("gp", "");
        await Assert.ThrowsAsync<RpcException>(() => theServer.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = invalid }).ResponseAsync);
        using var anonymousChannel = Grpc.Net.Client.GrpcChannel.ForAddress(theServer.GrpcAddress!);
        var anonymous = new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(anonymousChannel);
        await Assert.ThrowsAsync<RpcException>(() => anonymous.MatchAndLinkAsync(new MatchAndLinkRequest { Record = twin1 }).ResponseAsync);

        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(theServer, caller: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ScrapeAsync(theServer, TestCallers.Reader)).StatusCode);
        Dictionary<string, double> metrics = [];
        await Eventually.Async(async () =>
        {
            metrics = Parse(await (await ScrapeAsync(theServer, Monitor)).Content.ReadAsStringAsync());
            return Value(metrics, "patientindex_index_records") == 4;
        }, TimeSpan.FromSeconds(30));

        Assert.Equal(3, Value(metrics, "patientindex_decisions_total", ("outcome", "new_person")));
        Assert.Equal(1, Value(metrics, "patientindex_decisions_total", ("outcome", "linked")));
        Assert.Equal(4, Value(metrics, "rpc_server_call_duration_seconds_count", ("rpc_method", "MatchAndLink"), ("rpc_grpc_status_code", "0")));
        Assert.Equal(1, Value(metrics, "rpc_server_call_duration_seconds_count", ("rpc_method", "MatchAndLink"), ("rpc_grpc_status_code", "3")));
        Assert.Equal(1, Value(metrics, "rpc_server_call_duration_seconds_count", ("rpc_method", "MatchAndLink"), ("rpc_grpc_status_code", "16")));
        Assert.Equal(3, Value(metrics, "patientindex_index_persons"));
        Assert.Equal(0, Value(metrics, "patientindex_review_queue_depth"));
        Assert.Equal(0, Value(metrics, "patientindex_link_queue_length"));
        Assert.Equal(0, Value(metrics, "patientindex_replica_change_lag"));
        Assert.Equal(1, Value(metrics, "patientindex_model_in_use", ("model_version", "match-v3")));
        Assert.True(Value(metrics, "dotnet_process_memory_working_set_bytes") > 0);
        Assert.True(Value(metrics, "http_server_request_duration_seconds_count", ("http_route", "/metrics"), ("http_response_status_code", "401")) >= 1);
    }

    [Fact]
    public async Task liveness_and_readiness_are_separate_anonymous_probes()
    {
        using var theServer = Start();
        using var http = new HttpClient { BaseAddress = new Uri(theServer.WebAddress!) };

        await Eventually.Async(() => Answers(http, "/healthz/live"), TimeSpan.FromSeconds(30));
        await Eventually.Async(() => Answers(http, "/healthz/ready"), TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal("Healthy", await http.GetStringAsync("/healthz/ready"));
    }

    [Fact]
    public async Task the_log_is_json_with_trace_ids_and_holds_no_patient_name_nhs_number_or_birth_date()
    {
        using var theServer = Start();
        await theServer.WaitUntilServingAsync();
        var william = Patients.GpWilliam();
        var linked = await theServer.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = william });
        await theServer.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.HospitalBill() });
        await theServer.Client.MatchAsync(new MatchRequest { Record = Patients.CommunityWill() });
        await theServer.Client.GetPersonAsync(new GetPersonRequest { PersonId = linked.PersonId });
        var invalid = william.With("gp", "G-bad");
        invalid.NhsNumber = "943 476 5918";
        invalid.Dob = "1984-02-30";
        await theServer.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = invalid });
        var refused = william.With("gp", "");
        refused.GivenName = "William\u0007";
        await Assert.ThrowsAsync<RpcException>(() => theServer.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = refused }).ResponseAsync);
        await Assert.ThrowsAsync<RpcException>(() => theServer.Client.GetPersonAsync(new GetPersonRequest { PersonId = "no-such-person" }).ResponseAsync);
        using var fhir = new HttpClient(RealServer.AuthenticatedHandler()) { BaseAddress = new Uri(theServer.WebAddress!) };
        await fhir.GetAsync("/fhir/Patient/gp.G1001");
        await fhir.PostAsync("/fhir/Patient/$match", new StringContent(MatchParameters, Encoding.UTF8, "application/fhir+json"));
        await fhir.PostAsync("/fhir/Patient", new StringContent("{\"resourceType\": \"Patient\", \"name\": [{\"family\": \"Hartley\"", Encoding.UTF8, "application/fhir+json"));
        await new HttpClient().GetAsync($"{theServer.WebAddress}/fhir/Person?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919");
        await SendGarbageAsync(theServer);
        // Stopped as an orchestrator stops it, so the logger writes out what it holds before the process ends.
        using (var stop = System.Diagnostics.Process.Start("kill", ["-TERM", theServer.Process.Id.ToString(CultureInfo.InvariantCulture)])) await stop.WaitForExitAsync();
        await theServer.Process.WaitForExitAsync();

        var lines = theServer.Output.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.True(e.TryGetProperty("Category", out _) && e.TryGetProperty("LogLevel", out _), e.ToString()));
        var refusal = Assert.Single(entries, e => e.GetProperty("Message").GetString()!.StartsWith("Refused a malformed", StringComparison.Ordinal));
        Assert.Contains(refusal.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("TraceId", out var id) && id.GetString()!.Length == 32);
        string[] patientData =
        [
            "William", "Hartley", "HARTLEY", "Hartly", "Bill", "9434765919", "943 476 5919", "943 476 5918", "1984-02-29", "1984-02-30",
            "29/02/1984", "LS6 2AB", "Cardigan", "0113 496 0123",
        ];
        Assert.All(lines, line => Assert.DoesNotContain(patientData, value => line.Contains(value, StringComparison.OrdinalIgnoreCase)));
        // Expected client errors are at most a warning, and never a stack trace.
        Assert.DoesNotContain(entries, e => e.TryGetProperty("Exception", out _));
    }

    /// <summary>A gRPC frame to Match whose protobuf never ends: refused, and logged in one line.</summary>
    private static async Task SendGarbageAsync(RealServer theServer)
    {
        byte[] frame = [0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF];
        using var http = new HttpClient(RealServer.AuthenticatedHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{theServer.GrpcAddress}/patientindex.v1.PatientIndex/Match")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        await theServer.WaitForOutputAsync("Refused a malformed");
    }

    private static async Task<bool> Answers(HttpClient http, string path)
    {
        try { return (await http.GetAsync(path)).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; } // not listening yet
    }

    private const string MatchParameters = """
        {"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": {"resourceType": "Patient",
          "name": [{"family": "Hartley", "given": ["William"]}], "birthDate": "1984-02-29"}}]}
        """;

    private static async Task<HttpResponseMessage> ScrapeAsync(RealServer theServer, IssuerClient? caller)
    {
        using var http = caller is null ? new HttpClient() : new HttpClient(RealServer.AuthenticatedHandler(caller));
        return await http.GetAsync($"{theServer.WebAddress}/metrics");
    }

    /// <summary>Prometheus text exposition: <c>name{label="value",...} number</c> per sample; comments skipped.</summary>
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            samples[match.Groups["series"].Value] = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return samples;
    }

    /// <summary>The sum over the series of <paramref name="name"/> whose labels include every one given (a label's value matched as a prefix).</summary>
    private static double Value(Dictionary<string, double> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal))
            .Where(s => labels.All(l => s.Key.Contains($"{l.Label}=\"{l.Value}", StringComparison.Ordinal)))
            .Sum(s => s.Value);

    [GeneratedRegex("""^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?) (?<value>[-+0-9.eE]+|NaN|[+-]Inf)( \d+)?$""")]
    private static partial Regex SampleLine();
}
