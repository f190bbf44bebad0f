using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace PatientIndex.Server.Tests;

/// <summary>
/// The real server process, started as a user would (<c>dotnet PatientIndex.Server.dll</c>), over
/// plaintext HTTP/2 on a free loopback port, with configuration given as <c>--Key=value</c>.
/// </summary>
public sealed class RealServer : IDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private RealServer(Process process, int port)
    {
        _process = process;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        Client = new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(_channel);
    }

    public PatientIndex.Api.V1.PatientIndex.PatientIndexClient Client { get; }

    public static RealServer Start(string workingDirectory, params string[] settings)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(ServerAssembly());
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var setting in settings) info.ArgumentList.Add(setting);
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RealServer(process, port);
    }

    public async Task WaitUntilServingAsync()
    {
        var health = new Health.HealthClient(_channel);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, "the server exited during start-up");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (RpcException) when (clock.Elapsed < TimeSpan.FromSeconds(60)) { }
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
