using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>The real server process, sent bytes that are not protobuf over real HTTP/2.</summary>
public sealed class MalformedMessageTests(MalformedMessageTests.Server theServer) : IClassFixture<MalformedMessageTests.Server>
{
    /// <summary>Field 1, length-delimited, says 16 bytes follow; 2 do.</summary>
    private static readonly byte[] Truncated = [0x0A, 0x10, 0x41, 0x42];

    /// <summary>A tag whose varint never ends.</summary>
    private static readonly byte[] EndlessVarint = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    [Fact]
    public async Task a_hand_built_frame_of_garbage_to_a_unary_method_is_invalid_argument_logged_in_one_short_entry_without_a_stack_trace()
    {
        using var http = new HttpClient(RealServer.AuthenticatedHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{theServer.Process.GrpcAddress}/patientindex.v1.PatientIndex/Match")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new ByteArrayContent(Frame(EndlessVarint)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(((int)StatusCode.InvalidArgument).ToString(), Header(response, "grpc-status"));
        Assert.Contains("not a valid patientindex.v1.MatchRequest", Uri.UnescapeDataString(Header(response, "grpc-message")));
        var entry = await theServer.Process.WaitForOutputAsync("Refused a malformed patientindex.v1.MatchRequest");
        var logged = System.Text.Json.JsonDocument.Parse(entry).RootElement;
        Assert.True(logged.GetProperty("Message").GetString()!.Length < 200, entry);
        Assert.False(logged.TryGetProperty("Exception", out _), entry);
        // A second refusal, on another method, is written after anything the first call logged.
        await Assert.ThrowsAsync<RpcException>(() => Unary("patientindex.v1.PatientIndex", "GetPerson", Truncated));
        await theServer.Process.WaitForOutputAsync("Refused a malformed patientindex.v1.GetPersonRequest");
        Assert.Single(theServer.Process.Output, line => line.Contains("patientindex.v1.MatchRequest"));
        Assert.DoesNotContain(theServer.Process.Output, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) || line.Contains("Exception"));
    }

    [Theory]
    [InlineData("patientindex.v1.PatientIndex", "MatchAndLink")]
    [InlineData("patientindex.v1.PatientIndex", "GetCrossReferences")]
    [InlineData("patientindex.v1.Stewardship", "ListReviewTasks")]
    [InlineData("patientindex.v1.Admin", "GetModel")]
    [InlineData("grpc.health.v1.Health", "Check")]
    public async Task garbage_to_a_unary_method_is_invalid_argument(string service, string method)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Unary(service, method, Truncated));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("malformed protobuf", error.Status.Detail);
    }

    [Fact]
    public async Task garbage_to_a_client_streaming_method_is_invalid_argument()
    {
        using var call = theServer.Process.Channel.CreateCallInvoker().AsyncClientStreamingCall(
            new Method<byte[], byte[]>(MethodType.ClientStreaming, "patientindex.v1.Jobs", "SubmitUpload", Raw, Raw), null, new CallOptions());
        await call.RequestStream.WriteAsync(Truncated);
        await call.RequestStream.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a valid patientindex.v1.SubmitUploadRequest", error.Status.Detail);
    }

    [Fact]
    public async Task garbage_to_a_server_streaming_method_is_invalid_argument()
    {
        using var call = theServer.Process.Channel.CreateCallInvoker().AsyncServerStreamingCall(
            new Method<byte[], byte[]>(MethodType.ServerStreaming, "patientindex.v1.Jobs", "WatchJob", Raw, Raw), null, new CallOptions(), Truncated);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task garbage_to_a_bidirectional_stream_that_answers_no_errors_in_place_ends_it_as_invalid_argument()
    {
        using var call = theServer.Process.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(
            new Method<byte[], byte[]>(MethodType.DuplexStreaming, "grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo", Raw, Raw), null, new CallOptions());
        await call.RequestStream.WriteAsync(Truncated);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task a_malformed_message_in_match_and_link_stream_gets_an_error_answer_in_its_place_and_the_stream_goes_on()
    {
        using var call = theServer.Process.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(
            new Method<byte[], byte[]>(MethodType.DuplexStreaming, "patientindex.v1.PatientIndex", "MatchAndLinkStream", Raw, Raw), null, new CallOptions());
        byte[][] sent =
        [
            new MatchAndLinkRequest { Record = Patients.GpWilliam() }.ToByteArray(),
            Truncated,
            EndlessVarint,
            new MatchAndLinkRequest { Record = Patients.HospitalBill() }.ToByteArray(),
        ];

        foreach (var message in sent) await call.RequestStream.WriteAsync(message);
        await call.RequestStream.CompleteAsync();
        var answers = await call.ResponseStream.ReadAllAsync().Select(bytes => MatchAndLinkStreamResponse.Parser.ParseFrom(bytes)).ToListAsync();

        Assert.Equal(4, answers.Count);
        Assert.Equal("G1001", answers[0].Result.RecordId);
        foreach (var refused in answers.Skip(1).Take(2))
        {
            Assert.Equal("INVALID_ARGUMENT", refused.Error.Code);
            Assert.Contains("not a valid patientindex.v1.MatchAndLinkRequest", refused.Error.Message);
        }
        Assert.Equal((Decision.Linked, answers[0].Result.PersonId), (answers[3].Result.Decision, answers[3].Result.PersonId));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    private Task<byte[]> Unary(string service, string method, byte[] message) =>
        theServer.Process.Channel.CreateCallInvoker().AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, service, method, Raw, Raw), null, new CallOptions(), message).ResponseAsync;

    /// <summary>A gRPC length-prefixed message: not compressed, the length big-endian, the bytes.</summary>
    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>A trailers-only answer carries the status in its headers; otherwise it is in the trailers.</summary>
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.TrailingHeaders.TryGetValues(name, out values)
            ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"no {name} in the answer");

    /// <summary>One server for the class: each test asserts only on its own calls.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-malformed-").FullName;

        public RealServer Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Process = RealServer.StartGrpc(_directory, $"--Storage:Sqlite:Path={Path.Combine(_directory, "patientindex.db")}");
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
