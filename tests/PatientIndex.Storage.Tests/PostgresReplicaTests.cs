using Npgsql;
using PatientIndex.Core.Jobs;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Postgres;

namespace PatientIndex.Storage.Tests;

/// <summary>What replicas rely on beyond the store contract: the change sequence, block-key locks, migrations at once, bulk COPY, job leases.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReplicaTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private NpgsqlDataSource _dataSource = null!;
    private PostgresStore theStore = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        theStore = new PostgresStore(_dataSource);
        await theStore.MigrateAsync();
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task replicas_migrating_at_once_apply_each_migration_once()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var sources = Enumerable.Range(0, 3).Select(_ => NpgsqlDataSource.Create(database)).ToList();

        await Task.WhenAll(sources.Select(s => new PostgresStore(s).MigrateAsync()));

        await using var connection = await sources[0].OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", connection);
        var migrations = typeof(PostgresStore).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("PatientIndex.Storage.Postgres.Migrations."));
        Assert.NotEqual(0, migrations);
        Assert.Equal((long)migrations, await command.ExecuteScalarAsync());
        foreach (var source in sources) await source.DisposeAsync();
    }

    [Fact]
    public async Task committed_changes_are_read_back_in_sequence_with_their_current_state()
    {
        var start = await theStore.LatestSequenceAsync();
        await using (var scope = await theStore.BeginAsync([1, 2]))
            await scope.CommitAsync([NewPersonWith("G1", "p1"), NewPersonWith("G2", "p2")]);
        var remove = new MembershipChange();
        remove.RemovedRecords.Add(new RecordKey("gp", "G1"));
        remove.RetiredPersons.Add("p1");
        await theStore.ApplyAsync([remove]);

        var changes = await theStore.ChangesSinceAsync(start, 100);

        Assert.Equal(["gp/G1", "gp/G2", "gp/G1"], changes.Select(c => c.Key.ToString()));
        Assert.True(changes[0].Sequence < changes[1].Sequence && changes[1].Sequence < changes[2].Sequence);
        Assert.Null(changes[0].Current);
        Assert.Equal("p2", changes[1].Current!.Link.PersonId);
        Assert.Equal("01", changes[1].Current!.Record.NhsNumberVerification);
        Assert.Equal(changes[2].Sequence, await theStore.LatestSequenceAsync());
    }

    [Fact]
    public async Task a_scope_waits_while_another_holds_one_of_its_block_keys()
    {
        await using var first = await theStore.BeginAsync([10, 20]);
        var second = theStore.BeginAsync([30, 20]);
        var unrelated = await theStore.BeginAsync([40]);
        await unrelated.DisposeAsync();

        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        await first.CommitAsync([NewPersonWith("G1", "p1")]);
        await using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(await acquired.ChangesSinceAsync(0, 10));
    }

    [Fact]
    public async Task a_bulk_load_reads_back_like_applied_changes_and_enters_the_change_log()
    {
        var changes = Enumerable.Range(0, 500).Select(i => NewPersonWith($"G{i}", $"p{i}")).ToList();
        changes[0].OpenedReviewTasks.Add(new ReviewTask("t1", T0, new RecordKey("gp", "G0"), "p0", "review band", 0.7, []));

        await PostgresBulkLoad.WriteAsync(_dataSource, changes);

        Assert.Equal(new StoreCounts(500, 500, 500, 1), await theStore.CountAsync());
        var stored = await theStore.FindRecordAsync(new RecordKey("gp", "G7"));
        Assert.Equal(changes[7].SavedRecords[0], stored);
        Assert.Equal(500, (await theStore.ChangesSinceAsync(0, 1000)).Count);
    }

    [Fact]
    public async Task two_replicas_leasing_at_once_take_different_jobs()
    {
        await theStore.SubmitJobAsync(Job("j1", T0), null);
        await theStore.SubmitJobAsync(Job("j2", T0.AddSeconds(1)), null);
        await using var otherSource = NpgsqlDataSource.Create(_dataSource.ConnectionString);
        var other = new PostgresStore(otherSource);
        var now = T0.AddMinutes(1);

        var leased = await Task.WhenAll(theStore.LeaseNextJobAsync("r1", now, now.AddMinutes(1)), other.LeaseNextJobAsync("r2", now, now.AddMinutes(1)));

        Assert.Equal(["j1", "j2"], leased.Select(j => j!.JobId).Order());
        foreach (var job in leased) Assert.Equal(job!.LeasedBy, (await theStore.FindJobAsync(job.JobId))!.LeasedBy);
        Assert.Null(await other.LeaseNextJobAsync("r3", now, now.AddMinutes(1)));
    }

    [Fact]
    public async Task a_lease_passes_over_a_job_another_replica_is_leasing_rather_than_wait_for_it()
    {
        await theStore.SubmitJobAsync(Job("j1", T0), null);
        await theStore.SubmitJobAsync(Job("j2", T0.AddSeconds(1)), null);
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var leasing = await connection.BeginTransactionAsync();
        await using (var lockOldest = new NpgsqlCommand("SELECT job_id FROM extract_jobs WHERE job_id = 'j1' FOR UPDATE", connection, leasing))
            await lockOldest.ExecuteNonQueryAsync();

        var next = await theStore.LeaseNextJobAsync("r2", T0.AddMinutes(1), T0.AddMinutes(2)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("j2", next!.JobId);
        await leasing.RollbackAsync();
        Assert.Equal("j1", (await theStore.LeaseNextJobAsync("r2", T0.AddMinutes(1), T0.AddMinutes(2)))!.JobId);
    }

    [Fact]
    public async Task a_linking_scope_commits_a_checkpoint_with_its_changes_or_nothing_at_all()
    {
        await theStore.SubmitJobAsync(Job("j1", T0), null);
        await theStore.LeaseNextJobAsync("r1", T0.AddMinutes(1), T0.AddMinutes(10));
        var chunk0 = NewPersonWith("G1", "p1");
        chunk0.JobCheckpoints.Add(new JobCheckpoint("j1", 0, "r1", """{"chunks":1}""", false, T0.AddMinutes(2), T0.AddMinutes(12)));
        var onlyCheckpoint = new MembershipChange();
        onlyCheckpoint.JobCheckpoints.Add(new JobCheckpoint("j1", 1, "r1", """{"chunks":2}""", false, T0.AddMinutes(3), T0.AddMinutes(13)));

        await using (var scope = await theStore.BeginAsync([1]))
            Assert.False((await scope.CommitAsync([chunk0])).IsEmpty);
        await using (var scope = await theStore.BeginAsync([1]))
            Assert.True((await scope.CommitAsync([onlyCheckpoint])).IsEmpty);
        var stale = NewPersonWith("G2", "p2");
        stale.JobCheckpoints.Add(new JobCheckpoint("j1", 1, "r1", """{"chunks":2}""", false, T0.AddMinutes(4), T0.AddMinutes(14)));
        await using (var scope = await theStore.BeginAsync([2]))
            await Assert.ThrowsAsync<StoreConflictException>(() => scope.CommitAsync([stale]));

        var job = await theStore.FindJobAsync("j1");
        Assert.Equal((2, """{"chunks":2}""", T0.AddMinutes(13)), (job!.ChunksDone, job.Report, job.LeaseUntil));
        Assert.NotNull(await theStore.FindRecordAsync(new RecordKey("gp", "G1")));
        Assert.Null(await theStore.FindRecordAsync(new RecordKey("gp", "G2")));
        Assert.Single(await theStore.ChangesSinceAsync(0, 10));
    }

    [Fact]
    public async Task a_bulk_load_refuses_changes_carrying_a_checkpoint_and_writes_nothing()
    {
        await theStore.SubmitJobAsync(Job("j1", T0), null);
        await theStore.LeaseNextJobAsync("r1", T0.AddMinutes(1), T0.AddMinutes(10));
        var change = NewPersonWith("G1", "p1");
        change.JobCheckpoints.Add(new JobCheckpoint("j1", 0, "r1", """{"chunks":1}""", false, T0.AddMinutes(2), T0.AddMinutes(12)));

        await Assert.ThrowsAsync<ArgumentException>(() => PostgresBulkLoad.WriteAsync(_dataSource, [change]));

        Assert.Equal(new StoreCounts(0, 0, 0, 0), await theStore.CountAsync());
        Assert.Equal(0, (await theStore.FindJobAsync("j1"))!.ChunksDone);
    }

    private static ExtractJob Job(string jobId, DateTimeOffset submittedAt) =>
        new(jobId, "sha256:" + jobId, """{"path":"/data/extract.csv"}""", JobState.Queued, submittedAt, 0, null, null, null, null, null);

    private static MembershipChange NewPersonWith(string recordId, string personId)
    {
        var change = new MembershipChange();
        change.NewPersons.Add(new NewPerson(personId, T0));
        var record = new SourceRecord
        {
            Source = "gp", RecordId = recordId, GivenName = "Amelia", FamilyName = "Hart", Dob = "1984-02-29", NhsNumber = "943 476 5919", NhsNumberVerification = "01",
        };
        change.SavedRecords.Add(new StoredRecord(record, new Link(personId, LinkOutcome.NewPerson, 0, "fellegi-sunter", false, null, T0)));
        change.Events.Add(new LinkEvent(0, T0, LinkEventKind.RecordLinked, new RecordKey("gp", recordId), null, personId, "no person matched", "fellegi-sunter", 0, "test"));
        return change;
    }
}
