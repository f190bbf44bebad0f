extern alias server;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace PatientIndex.Server.Tests;

/// <summary>
/// The real server process, started as a user would (<c>dotnet PatientIndex.Server.dll ARGS</c>), killed
/// on dispose. <see cref="StartGrpc"/> serves plaintext HTTP/2 on a free loopback port and gives a client;
/// <see cref="StartGrpcAndWeb"/> also serves the HTTP/1.1 web endpoint (FHIR, the steward page) on another.
/// It trusts the <see cref="TestIssuer"/>; its channel sends a token of <see cref="TestCallers.Everything"/>.
/// </summary>
public sealed class RealServer : IDisposable
{
    private readonly GrpcChannel? _channel;
    private readonly PatientIndex.Api.V1.PatientIndex.PatientIndexClient? _client;

    private RealServer(Process process, int? grpcPort, string? webAddress = null)
    {
        Process = process;
        WebAddress = webAddress;
        if (grpcPort is not { } port) return;
        GrpcAddress = $"http://127.0.0.1:{port}";
        _channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions { HttpHandler = AuthenticatedHandler() });
        _client = new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(_channel);
    }

    public Process Process { get; }

    /// <summary>The web endpoint (<c>http://127.0.0.1:PORT</c>), when started by <see cref="StartGrpcAndWeb"/>.</summary>
    public string? WebAddress { get; }

    /// <summary>The plaintext gRPC endpoint (<c>http://127.0.0.1:PORT</c>), when started with one.</summary>
    public string? GrpcAddress { get; }

    /// <summary>The gRPC channel, for clients of other services (e.g. Stewardship).</summary>
    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("started without a gRPC port");

    /// <summary>A gRPC client, when started by <see cref="StartGrpc"/>.</summary>
    public PatientIndex.Api.V1.PatientIndex.PatientIndexClient Client => _client ?? throw new InvalidOperationException("started without a gRPC port");

    /// <summary>A handler for HTTP clients of a real server, sending the caller's token (<see cref="TestCallers.Everything"/> unless given).</summary>
    public static HttpMessageHandler AuthenticatedHandler(server::PatientIndex.Server.Security.Development.IssuerClient? caller = null) =>
        new BearerHandler(caller ?? TestCallers.Everything, new SocketsHttpHandler());

    /// <summary>The server with these command-line arguments, after those trusting the test issuer.</summary>
    public static RealServer Start(string workingDirectory, params string[] arguments) => Launch(workingDirectory, arguments, grpcPort: null);

    /// <summary>The server on a free loopback port for gRPC (<c>--urls</c>), with configuration given as <c>--Key=value</c>.</summary>
    public static RealServer StartGrpc(string workingDirectory, params string[] settings)
    {
        var port = FreePort();
        return Launch(workingDirectory, ["--urls", $"http://127.0.0.1:{port}", .. settings], port);
    }

    /// <summary>The server with the Grpc and Web Kestrel endpoints on free loopback ports.</summary>
    public static RealServer StartGrpcAndWeb(string workingDirectory, params string[] settings)
    {
        var (grpcPort, web) = (FreePort(), $"http://127.0.0.1:{FreePort()}");
        return Launch(workingDirectory, [$"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}", $"--Kestrel:Endpoints:Web:Url={web}", .. settings],
            grpcPort, web);
    }

    private static RealServer Launch(string workingDirectory, IEnumerable<string> arguments, int? grpcPort, string? webAddress = null)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(ServerAssembly());
        foreach (var argument in TestIssuer.Shared.Arguments.Concat(arguments)) info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        var server = new RealServer(process, grpcPort, webAddress);
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lastLines = new();
    private readonly List<string> _output = [];
    private TaskCompletionSource _lineArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Keep(string? line)
    {
        if (line is null) return;
        _lastLines.Enqueue(line);
        while (_lastLines.Count > 40) _lastLines.TryDequeue(out _);
        TaskCompletionSource arrived;
        lock (_output)
        {
            if (_output.Count < 100_000) _output.Add(line);
            arrived = _lineArrived;
            _lineArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.SetResult();
    }

    /// <summary>Every line the server has written so far (standard output and error), in order.</summary>
    public IReadOnlyList<string> Output
    {
        get { lock (_output) return [.. _output]; }
    }

    /// <summary>The first line the server writes that contains <paramref name="text"/>; fails the test if none comes within the bound.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan? within = null)
    {
        using var bound = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task arrived;
            lock (_output)
            {
                if (_output.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line) return line;
                arrived = _lineArrived.Task;
            }
            AssertStillRunning();
            try { await arrived.WaitAsync(bound.Token); }
            catch (OperationCanceledException) { Assert.Fail($"the server wrote no line containing \"{text}\" within the bound; its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, _lastLines)}"); }
        }
    }

    /// <summary>Fails the test, with what the server last wrote, if it has exited.</summary>
    public void AssertStillRunning()
    {
        if (!Process.HasExited) return;
        Process.WaitForExit(); // flushes the output readers
        Assert.Fail($"the server exited during start-up (exit code {Process.ExitCode}):{Environment.NewLine}{string.Join(Environment.NewLine, _lastLines)}");
    }

    public async Task WaitUntilServingAsync()
    {
        var health = new Health.HealthClient(_channel ?? throw new InvalidOperationException("started without a gRPC port"));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            AssertStillRunning();
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    await AuthenticateOnceAsync();
                    return;
                }
            }
            catch (RpcException) when (clock.Elapsed < TimeSpan.FromSeconds(60)) { }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// One authenticated call, so the server has read the issuer's discovery document and keys before the
    /// test's own first call (health is anonymous, and a test timing a job must not time that instead).
    /// </summary>
    private async Task AuthenticateOnceAsync()
    {
        try { await Client.GetCrossReferencesAsync(new PatientIndex.Api.V1.GetCrossReferencesRequest { Source = "gp", RecordId = "warm-up" }); }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { }
    }

    private static readonly HashSet<int> PortsGiven = [];

    /// <summary>A loopback port free now, and never one given to another server of this test run.</summary>
    public static int FreePort()
    {
        lock (PortsGiven)
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (PortsGiven.Add(port)) return port;
            }
    }

    public void Dispose()
    {
        _channel?.Dispose();
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.WaitForExit(10_000);
        Process.Dispose();
    }

    /// <summary>The checkout these tests were built from.</summary>
    public static string RepositoryRoot =>
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName; // tests/PatientIndex.Server.Tests/bin/<Configuration>/net10.0/

    /// <summary>The server's own build output (same configuration as these tests).</summary>
    private static string ServerAssembly()
    {
        var testBin = AppContext.BaseDirectory;
        var framework = new DirectoryInfo(testBin).Name;
        var configuration = new DirectoryInfo(testBin).Parent!.Name;
        var path = Path.Combine(RepositoryRoot, "src", "PatientIndex.Server", "bin", configuration, framework, "PatientIndex.Server.dll");
        Assert.True(File.Exists(path), $"the server build is not at {path}");
        return path;
    }
}
