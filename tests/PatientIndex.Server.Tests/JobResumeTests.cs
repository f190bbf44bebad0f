using Grpc.Core;
using PatientIndex.Api.V1;
using PatientIndex.Cli.Commands;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Postgres;
using PatientIndex.Storage.Sqlite;
using PatientIndex.Synth;

namespace PatientIndex.Server.Tests;

/// <summary>
/// Extract jobs outlive the process running them: a real server killed (SIGKILL) mid-job and started
/// again goes on from its last committed chunk, and on PostgreSQL another replica takes the job over.
/// The end state is the one an uninterrupted run reaches: the same persons, the same report, and the
/// same number of link events (none decided twice, none skipped).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class JobResumeTests(PostgresFixture postgres, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    /// <summary>Persons of the synth population the job's extract comes from; PATIENTINDEX_KILL_PERSONS raises it (200k records is about 110,000).</summary>
    private static readonly int Persons = int.TryParse(Environment.GetEnvironmentVariable("PATIENTINDEX_KILL_PERSONS"), out var n) ? n : 12_000;
    private const int ChunkSize = 10;
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-resume-").FullName;

    [Fact]
    public async Task a_job_killed_five_times_and_restarted_ends_with_the_store_an_uninterrupted_run_makes()
    {
        var (seeded, extract) = Scenario();
        var uninterrupted = Copy(seeded, "uninterrupted.db");
        Assert.Equal(0, LinkCommand.Run(new LinkRequest([extract], null, null, null, new Thresholds(), null, null, Store: uninterrupted)));
        var killed = Copy(seeded, "killed.db");
        // Each start is a new replica name, so the job waits for the dead one's lease to lapse and the kill point
        // is chosen from where the job stands, not from how fast a restart is.
        string[] Settings(int start) => [$"--Storage:Sqlite:Path={killed}", $"--Jobs:ReplicaName=resume-{start}", $"--Jobs:ChunkSize={ChunkSize}",
            "--Jobs:LeaseSeconds=4", "--Jobs:PollSeconds=0.2"];

        var server = await StartAsync(Settings(0));
        var job = await new Jobs.JobsClient(server.Channel).SubmitPathAsync(new SubmitPathRequest { Path = extract, Options = new JobOptions() });
        var chunks = (File.ReadLines(extract).Count() - 1 + ChunkSize - 1) / ChunkSize;
        var random = new Random(5);
        var kills = 0;
        while (kills < 5)
        {
            var now = await WaitForChunkAsync(server, job.JobId, 0);
            var target = now.ChunksDone + 1 + random.Next(chunks / 12);
            var reached = await WaitForChunkAsync(server, job.JobId, target);
            if (reached.State == Api.V1.JobState.Succeeded) break;
            server.Process.Kill(entireProcessTree: true);
            await server.Process.WaitForExitAsync();
            output.WriteLine($"killed at chunk {reached.ChunksDone} of {chunks} (aimed at {target})");
            server.Dispose();
            server = await StartAsync(Settings(++kills));
        }
        var done = await JobClient.WaitAsync(new Jobs.JobsClient(server.Channel), job.JobId);
        server.Dispose();

        Assert.Equal(Api.V1.JobState.Succeeded, done.State);
        Assert.Equal(5, kills);
        using var expected = new SqliteStore(uninterrupted);
        using var actual = new SqliteStore(killed);
        Assert.Equal(await StoreState.Of(expected), await StoreState.Of(actual));
        Assert.Equal(done.Report.Total.New + done.Report.Total.Updated + done.Report.Total.Unchanged,
            File.ReadLines(extract).Count() - 1);
    }

    [Fact]
    public async Task when_the_replica_running_a_job_is_killed_the_other_replica_finishes_it()
    {
        var (seededFile, extract) = Scenario();
        var expected = await postgres.NewStoreSettingsAsync();
        var shared = await postgres.NewStoreSettingsAsync();
        var files = SeedFiles();
        foreach (var target in new[] { expected, shared })
            Assert.Equal(0, LinkCommand.Run(new LinkRequest(files, null, null, null, new Thresholds(), new LinkageSettings().Blocking.MaxBlockSize, null,
                Store: "postgres:" + target["Storage:Postgres:ConnectionString"])));
        Assert.Equal(0, LinkCommand.Run(new LinkRequest([extract], null, null, null, new Thresholds(), null, null,
            Store: "postgres:" + expected["Storage:Postgres:ConnectionString"])));
        string[] Replica(string name) => [.. shared.Select(s => $"--{s.Key}={s.Value}"), $"--Jobs:ReplicaName={name}", "--Jobs:ChunkSize=40",
            "--Jobs:LeaseSeconds=2", "--Jobs:PollSeconds=0.2"];
        var replicas = new Dictionary<string, RealServer> { ["first"] = await StartAsync(Replica("first")), ["second"] = await StartAsync(Replica("second")) };

        var job = await new Jobs.JobsClient(replicas["first"].Channel).SubmitPathAsync(new SubmitPathRequest { Path = extract, Options = new JobOptions() });
        var running = await WaitForChunkAsync(replicas["first"], job.JobId, 3);
        var victim = running.RunningOn;
        var survivor = replicas.Keys.Single(k => k != victim);
        replicas[victim].Process.Kill(entireProcessTree: true);
        await replicas[victim].Process.WaitForExitAsync();
        var done = await JobClient.WaitAsync(new Jobs.JobsClient(replicas[survivor].Channel), job.JobId);
        foreach (var replica in replicas.Values) replica.Dispose();

        Assert.Equal(Api.V1.JobState.Succeeded, done.State);
        Assert.True(done.ChunksDone > running.ChunksDone);
        await using var expectedData = Npgsql.NpgsqlDataSource.Create(expected["Storage:Postgres:ConnectionString"]!);
        await using var sharedData = Npgsql.NpgsqlDataSource.Create(shared["Storage:Postgres:ConnectionString"]!);
        Assert.Equal(await StoreState.Of(new PostgresStore(expectedData)), await StoreState.Of(new PostgresStore(sharedData)));
        Assert.NotNull(seededFile);
    }

    private string[] SeedFiles() => [Path.Combine(_directory, "synth", "hospital.csv"), Path.Combine(_directory, "synth", "community.csv")];

    /// <summary>A store seeded with the hospital and community extracts, and the GP extract to link into it as a job.</summary>
    private (string Seeded, string Extract) Scenario()
    {
        var data = Path.Combine(_directory, "synth");
        SyntheticExtracts.Generate(new SynthOptions(Persons, 7, data));
        var seeded = Path.Combine(_directory, "seeded.db");
        Assert.Equal(0, LinkCommand.Run(new LinkRequest(SeedFiles(), null, null, null, new Thresholds(), new LinkageSettings().Blocking.MaxBlockSize, null, Store: seeded)));
        return (seeded, Path.Combine(data, "gp.csv"));
    }

    private async Task<RealServer> StartAsync(string[] settings)
    {
        var server = RealServer.StartGrpc(_directory, settings);
        await server.WaitUntilServingAsync();
        return server;
    }

    /// <summary>Follows the job until at least <paramref name="chunk"/> chunks are committed (or it has ended).</summary>
    private static async Task<Job> WaitForChunkAsync(RealServer server, string jobId, int chunk)
    {
        using var watch = new Jobs.JobsClient(server.Channel).WatchJob(new GetJobRequest { JobId = jobId });
        Job? last = null;
        await foreach (var job in watch.ResponseStream.ReadAllAsync())
        {
            last = job;
            if (job.ChunksDone >= chunk || job.State is Api.V1.JobState.Succeeded or Api.V1.JobState.Failed) break;
        }
        return last!;
    }

    private string Copy(string file, string name)
    {
        var copy = Path.Combine(_directory, name);
        File.Copy(file, copy);
        return copy;
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// A store's persons as sets of records (whatever their ids), with each record's outcome and the kinds of its
/// link events in order (so a record logged as moved in one store and not the other tells), and how many link events it has.
/// </summary>
internal static class StoreState
{
    public static async Task<string> Of(IPatientIndexStore store)
    {
        var history = new Dictionary<RecordKey, List<LinkEventKind>>();
        var events = 0;
        await foreach (var e in store.ReadEventsAsync())
        {
            events++;
            if (!history.TryGetValue(e.Record, out var kinds)) history[e.Record] = kinds = [];
            kinds.Add(e.Kind);
        }
        var members = new Dictionary<string, List<string>>();
        await foreach (var r in store.ReadAllRecordsAsync())
        {
            if (!members.TryGetValue(r.Link.PersonId, out var list)) members[r.Link.PersonId] = list = [];
            list.Add($"{r.Key}:{r.Link.Outcome}:{string.Join(",", history.GetValueOrDefault(r.Key) ?? [])}");
        }
        var persons = members.Values.Select(m => string.Join(" ", m.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal);
        return $"{events} events\n{string.Join("\n", persons)}";
    }
}
