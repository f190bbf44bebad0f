using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace PatientIndex.Server.Tests;

/// <summary>The real server process, started as a user would (<c>dotnet PatientIndex.Server.dll</c>), killed on dispose.</summary>
public sealed class RealServer : IDisposable
{
    private readonly Process _process;

    private RealServer(Process process) => _process = process;

    public Process Process => _process;

    public static RealServer Start(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(ServerAssembly());
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RealServer(process);
    }

    public async Task WaitUntilServing(GrpcChannel channel)
    {
        var health = new Health.HealthClient(channel);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, "the server exited during start-up");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (RpcException) when (clock.Elapsed < TimeSpan.FromSeconds(30)) { }
            await Task.Delay(100);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server's own build output (same configuration as these tests).</summary>
    private static string ServerAssembly()
    {
        var testBin = AppContext.BaseDirectory; // tests/PatientIndex.Server.Tests/bin/<Configuration>/net10.0/
        var framework = new DirectoryInfo(testBin).Name;
        var configuration = new DirectoryInfo(testBin).Parent!.Name;
        var repository = new DirectoryInfo(testBin).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "src", "PatientIndex.Server", "bin", configuration, framework, "PatientIndex.Server.dll");
        Assert.True(File.Exists(path), $"the server build is not at {path}");
        return path;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
