using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>The real server process, started as a user would, over plaintext HTTP/2 on a free loopback port.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-e2e-").FullName;

    [Fact]
    public async Task the_real_server_links_records_over_http2_and_reports_serving()
    {
        var port = FreePort();
        using var server = StartServer(port);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        await WaitUntilServing(channel, server.Process);
        var client = new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(channel);

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

    private ServerProcess StartServer(int port)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                ServerAssembly(), "--urls", $"http://127.0.0.1:{port}",
                $"--Storage:Sqlite:Path={Path.Combine(_directory, "db", "patientindex.db")}",
            },
        };
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process);
    }

    private static async Task WaitUntilServing(GrpcChannel channel, Process server)
    {
        var health = new Health.HealthClient(channel);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(server.HasExited, "the server exited during start-up");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (RpcException) when (clock.Elapsed < TimeSpan.FromSeconds(30)) { }
            await Task.Delay(100);
        }
    }

    /// <summary>The server's own build output (same configuration as these tests), run as <c>dotnet PatientIndex.Server.dll</c>.</summary>
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ServerProcess(Process process) : IDisposable
    {
        public Process Process => process;

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            process.Dispose();
        }
    }
}
