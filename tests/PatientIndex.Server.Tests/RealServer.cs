using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PatientIndex.Server.Tests;

/// <summary>The real server process, started as a user would (<c>dotnet PatientIndex.Server.dll ARGS</c>), killed on dispose.</summary>
public sealed class RealServer : IDisposable
{
    private RealServer(Process process) => Process = process;

    public Process Process { get; }

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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.WaitForExit(10_000);
        Process.Dispose();
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
}
