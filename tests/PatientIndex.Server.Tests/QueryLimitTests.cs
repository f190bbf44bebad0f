extern alias server;
using System.Net;
using System.Net.Sockets;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Hl7.Fhir.Model;
using PatientIndex.Api.V1;
using PatientIndex.Server.Tests.Fhir;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Tests;

/// <summary>
/// The real server with a tiny query limit (2 an hour per client). Each test is other clients, told apart by
/// their tokens (client ids), whatever address they call from.
/// </summary>
public sealed class QueryLimitTests(QueryLimitTests.Server theServer) : IClassFixture<QueryLimitTests.Server>
{
    [Fact]
    public async Task a_client_over_its_query_limit_is_resource_exhausted_with_a_retry_delay_while_its_writes_go_on_and_another_client_is_served()
    {
        using var first = Grpc("127.0.0.2", TestCallers.Integration("gp"));
        using var second = Grpc("127.0.0.2", TestCallers.Integration("hospital"));
        var client = new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(first);
        var linked = await client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });
        await client.MatchAsync(new MatchRequest { Record = Patients.HospitalBill() });
        await client.GetPersonAsync(new GetPersonRequest { PersonId = linked.PersonId });

        var match = await Assert.ThrowsAsync<RpcException>(() => client.MatchAsync(new MatchRequest { Record = Patients.HospitalBill() }).ResponseAsync);
        var person = await Assert.ThrowsAsync<RpcException>(() => client.GetPersonAsync(new GetPersonRequest { PersonId = linked.PersonId }).ResponseAsync);
        var write = await client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.HospitalBill().With(source: "gp", recordId: "G-BILL") });
        var other = await new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(second).MatchAsync(new MatchRequest { Record = Patients.HospitalBill() });

        Assert.Equal((StatusCode.ResourceExhausted, StatusCode.ResourceExhausted), (match.StatusCode, person.StatusCode));
        var retry = match.GetRpcStatus()!.GetDetail<RetryInfo>()!;
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Contains("too many queries", match.Status.Detail);
        Assert.Equal(Decision.Linked, write.Decision);
        Assert.NotEmpty(other.Candidates);
    }

    [Fact]
    public async Task a_fhir_client_over_its_query_limit_is_a_429_with_retry_after_and_an_operation_outcome_while_metadata_is_served()
    {
        using var http = new HttpClient(new BearerHandler(TestCallers.Reader, From("127.0.0.4"))) { BaseAddress = new Uri(theServer.Process.WebAddress! + "/fhir/") };
        const string pix = "Patient/$ihe-pix?sourceIdentifier=urn:patientindex:source:gp|NOPE";
        using var firstAnswer = await http.GetAsync(pix);
        using var secondAnswer = await http.GetAsync(pix);

        using var refused = await http.GetAsync(pix);
        using var metadata = await http.GetAsync("metadata");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (firstAnswer.StatusCode, secondAnswer.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var outcome = Assert.IsType<OperationOutcome>(FhirHost.ParseStrictly(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(OperationOutcome.IssueType.Throttled, outcome.Issue[0].Code);
        Assert.Equal("application/fhir+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
    }

    private GrpcChannel Grpc(string localAddress, server::PatientIndex.Server.Security.Development.IssuerClient caller) =>
        GrpcChannel.ForAddress(theServer.Process.GrpcAddress!, new GrpcChannelOptions { HttpHandler = new BearerHandler(caller, From(localAddress)) });

    /// <summary>A handler whose connections leave from <paramref name="localAddress"/>, so the server sees another client.</summary>
    private static SocketsHttpHandler From(string localAddress) => new()
    {
        ConnectCallback = async (context, cancellation) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public sealed class Server : IAsyncLifetime
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-limits-").FullName;

        public RealServer Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Process = RealServer.StartGrpcAndWeb(_directory, $"--Storage:Sqlite:Path={Path.Combine(_directory, "patientindex.db")}",
                "--Limits:QueriesPerClient=2", "--Limits:Window=01:00:00", "--Limits:ExemptLoopback=false");
            await Process.WaitUntilServingAsync();
        }

        public Task DisposeAsync()
        {
            Process.Dispose();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
            return Task.CompletedTask;
        }
    }
}
