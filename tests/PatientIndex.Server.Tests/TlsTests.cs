using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>
/// The real server process with a certificate from a test authority: one HTTPS port (<c>Https</c>) serving
/// gRPC and the web by ALPN, and one (<c>Engines</c>) that requires a client certificate from that authority.
/// </summary>
public sealed class TlsTests(TlsTests.Server theServer) : IClassFixture<TlsTests.Server>
{
    [Fact]
    public async Task one_https_port_serves_grpc_over_http2_and_fhir_over_http11()
    {
        using var channel = GrpcChannel.ForAddress(theServer.Https, new GrpcChannelOptions { HttpHandler = new BearerHandler(TestCallers.Everything, theServer.Certificates.Handler()) });
        using var http = new HttpClient(new BearerHandler(TestCallers.Everything, theServer.Certificates.Handler()));

        var linked = await new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(channel).MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });
        using var metadata = await http.GetAsync($"{theServer.Https}/fhir/metadata");

        Assert.Equal("G1001", linked.RecordId);
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (metadata.StatusCode, metadata.Version));
        Assert.Contains("CapabilityStatement", await metadata.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_plaintext_loopback_endpoints_say_at_start_up_they_are_for_local_development_only()
    {
        var line = await theServer.Process.WaitForOutputAsync("plaintext loopback endpoints: for local development only");

        Assert.Contains(theServer.Process.GrpcAddress!, line);
        Assert.DoesNotContain("https://", line);
    }

    [Fact]
    public async Task where_a_client_certificate_is_required_a_client_without_one_is_refused()
    {
        using var channel = GrpcChannel.ForAddress(theServer.Engines, new GrpcChannelOptions { HttpHandler = new BearerHandler(TestCallers.Everything, theServer.Certificates.Handler()) });
        using var http = new HttpClient(new BearerHandler(TestCallers.Everything, theServer.Certificates.Handler()));

        await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"{theServer.Engines}/fhir/metadata"));
    }

    [Fact]
    public async Task where_a_client_certificate_is_required_one_the_authority_did_not_issue_is_refused_and_nothing_is_written()
    {
        using var channel = GrpcChannel.ForAddress(theServer.Engines, new GrpcChannelOptions { HttpHandler = new BearerHandler(TestCallers.Everything, theServer.Certificates.Handler(theServer.Certificates.Stranger)) });
        var record = Patients.GpWilliam();
        record.RecordId = "STRANGER-1";

        await Assert.ThrowsAsync<RpcException>(() => new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(channel).MatchAndLinkAsync(new MatchAndLinkRequest { Record = record }).ResponseAsync);

        var lookup = await Assert.ThrowsAsync<RpcException>(() =>
            theServer.Process.Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "STRANGER-1" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
        await theServer.Process.WaitForOutputAsync("Refused the client certificate CN=stranger");
    }

    [Fact]
    public async Task where_a_client_certificate_is_required_one_the_authority_issued_is_served_grpc_and_fhir()
    {
        using var channel = GrpcChannel.ForAddress(theServer.Engines, new GrpcChannelOptions { HttpHandler = new BearerHandler(TestCallers.Everything, theServer.Certificates.Handler(theServer.Certificates.Client)) });
        using var http = new HttpClient(new BearerHandler(TestCallers.Everything, theServer.Certificates.Handler(theServer.Certificates.Client)));
        var record = Patients.HospitalBill();
        record.RecordId = "ENGINE-1";

        var linked = await new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(channel).MatchAndLinkAsync(new MatchAndLinkRequest { Record = record });
        using var metadata = await http.GetAsync($"{theServer.Engines}/fhir/metadata");

        Assert.Equal("ENGINE-1", linked.RecordId);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
    }

    public sealed class Server : IAsyncLifetime
    {
        private const string Password = "test-only";
        private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-tls-").FullName;

        public TestCertificates Certificates { get; } = new();

        public RealServer Process { get; private set; } = null!;

        public string Https { get; } = $"https://127.0.0.1:{RealServer.FreePort()}";

        public string Engines { get; } = $"https://127.0.0.1:{RealServer.FreePort()}";

        public async Task InitializeAsync()
        {
            var pfx = Certificates.WriteServerPfx(_directory, Password);
            Process = RealServer.StartGrpcAndWeb(_directory, $"--Storage:Sqlite:Path={Path.Combine(_directory, "patientindex.db")}",
                $"--Kestrel:Endpoints:Https:Url={Https}", "--Kestrel:Endpoints:Https:Protocols=Http1AndHttp2",
                $"--Kestrel:Endpoints:Https:Certificate:Path={pfx}", $"--Kestrel:Endpoints:Https:Certificate:Password={Password}",
                $"--Kestrel:Endpoints:Engines:Url={Engines}", "--Kestrel:Endpoints:Engines:Protocols=Http1AndHttp2",
                $"--Kestrel:Endpoints:Engines:Certificate:Path={pfx}", $"--Kestrel:Endpoints:Engines:Certificate:Password={Password}",
                "--Kestrel:Endpoints:Engines:ClientCertificateMode=RequireCertificate",
                $"--Tls:ClientCertificateAuthorities={Certificates.WriteAuthorityPem(_directory)}");
            await Process.WaitUntilServingAsync();
        }

        public Task DisposeAsync()
        {
            Process.Dispose();
            Certificates.Dispose();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
            return Task.CompletedTask;
        }
    }
}
