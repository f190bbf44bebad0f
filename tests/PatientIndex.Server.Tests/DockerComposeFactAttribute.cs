using System.Diagnostics;

namespace PatientIndex.Server.Tests;

/// <summary>Skips, saying why, only where the docker-compose binary is absent (.ci/run installs it).</summary>
public sealed class DockerComposeFactAttribute : FactAttribute
{
    public DockerComposeFactAttribute()
    {
        if (DockerCompose.Binary is null) Skip = "docker-compose is not installed: apt-get install docker-compose (.ci/run does)";
    }
}

internal static class DockerCompose
{
    public static string? Binary { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Select(d => Path.Combine(d, "docker-compose")).FirstOrDefault(File.Exists);

    public static string Config(string file)
    {
        var info = new ProcessStartInfo(Binary!) { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { "-f", file, "config" } };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"docker-compose config failed: {error}");
        return output.Result;
    }
}
