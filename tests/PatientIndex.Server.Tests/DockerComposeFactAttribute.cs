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

    /// <summary>The resolved file, with exactly these variables set of those it reads (null: unset).</summary>
    public static string Config(string file, IReadOnlyDictionary<string, string?> environment)
    {
        var (code, output, error) = Run(file, environment);
        Assert.True(code == 0, $"docker-compose config failed: {error}");
        return output;
    }

    public static (int ExitCode, string Output, string Error) Run(string file, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(Binary!) { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { "-f", file, "config" } };
        foreach (var (name, value) in environment)
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
