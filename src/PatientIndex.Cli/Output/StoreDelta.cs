using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PatientIndex.Core.Jobs;
using PatientIndex.Server.Hosting;
using PatientIndex.Server.Jobs;
using PatientIndex.Storage.Postgres;
using PatientIndex.Storage.Sqlite;

namespace PatientIndex.Cli.Output;

/// <summary>
/// <c>--store</c> on a store that already holds persons: tonight's extract linked into them. Each file
/// is an extract job run in-process by the service's own composition, so every record gets the
/// decision <c>MatchAndLink</c> would give it, and a run that is stopped (even killed) goes on from its
/// last committed chunk when the same command is given again.
/// </summary>
public static class StoreDelta
{
    /// <summary>How this command names itself as a job's holder: the same on every run, so a run given again takes its job back at once.</summary>
    private static readonly string Holder = $"link@{Environment.MachineName}";

    public static async Task<bool> HoldsRecordsAsync(string target)
    {
        if (target.StartsWith(StoreSeed.PostgresPrefix, StringComparison.OrdinalIgnoreCase))
        {
            await using var dataSource = NpgsqlDataSource.Create(target[StoreSeed.PostgresPrefix.Length..]);
            var store = new PostgresStore(dataSource);
            await store.MigrateAsync();
            return (await store.CountAsync()).Records > 0;
        }
        if (!File.Exists(target)) return false;
        using var sqlite = new SqliteStore(target);
        await sqlite.MigrateAsync();
        return (await sqlite.CountAsync()).Records > 0;
    }

    /// <returns>The exit code: 0 when every file's job succeeded.</returns>
    public static async Task<int> RunAsync(string target, IReadOnlyList<string> files, JobSpec options, string? outputDirectory)
    {
        var wall = Stopwatch.StartNew();
        using var host = EmbeddedIndex.Build(Settings(target));
        await host.StartAsync();
        try
        {
            var jobs = host.Services.GetRequiredService<ExtractJobs>();
            var reports = new List<(string File, ExtractReport Report, ExtractJob Job)>();
            foreach (var file in files)
            {
                var job = await jobs.SubmitPathAsync(options with { Path = file, FileName = Path.GetFileName(file) }, CancellationToken.None);
                Console.WriteLine($"{file}: extract job {job.JobId}{(job.State == JobState.Succeeded ? " (this extract was linked before; its report follows)" : "")}");
                await foreach (var seen in jobs.WatchAsync(job.JobId, CancellationToken.None))
                {
                    job = seen;
                    var report = ExtractReport.FromJson(seen.Report);
                    if (seen.State == JobState.Running && report.Chunks > 0) Console.WriteLine($"  [{wall.Elapsed.TotalSeconds,7:0.0}s] chunk {seen.ChunksDone:N0} of {report.Chunks:N0}");
                }
                if (job.State == JobState.Failed) throw new CliException($"{file}: {job.Error}");
                reports.Add((file, ExtractReport.FromJson(job.Report), job));
                ReportTable.Print(reports[^1].Report, $"{Path.GetFileName(file)} linked into the store");
            }
            if (outputDirectory is not null) Write(outputDirectory, reports);
            Console.WriteLine($"done in {wall.Elapsed.TotalSeconds:0.0}s");
            return 0;
        }
        finally { await host.StopAsync(); }
    }

    private static Dictionary<string, string?> Settings(string target)
    {
        var settings = new Dictionary<string, string?> { ["Jobs:ReplicaName"] = Holder, ["Jobs:OnlySubmittedHere"] = "true" };
        if (target.StartsWith(StoreSeed.PostgresPrefix, StringComparison.OrdinalIgnoreCase))
        {
            settings["Storage:Provider"] = "Postgres";
            settings["Storage:Postgres:ConnectionString"] = target[StoreSeed.PostgresPrefix.Length..];
        }
        else
        {
            settings["Storage:Provider"] = "Sqlite";
            settings["Storage:Sqlite:Path"] = Path.GetFullPath(target);
        }
        return settings;
    }

    private static void Write(string directory, List<(string File, ExtractReport Report, ExtractJob Job)> reports)
    {
        Directory.CreateDirectory(directory);
        var runs = new System.Text.Json.Nodes.JsonArray([.. reports.Select(r => new System.Text.Json.Nodes.JsonObject
        {
            ["file"] = r.File, ["job_id"] = r.Job.JobId, ["report"] = System.Text.Json.Nodes.JsonNode.Parse(r.Report.ToJson()),
        })]);
        File.WriteAllText(Path.Combine(directory, "store-report.json"), runs.ToJsonString());
    }
}
