using PatientIndex.Core.Jobs;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Tests;

/// <summary>Extract jobs: submitted once per digest, leased by one replica at a time, and moved on only by checkpoints committed with their chunk.</summary>
public abstract partial class StoreContract
{
    private const string Spec = """{"path":"/data/extract.csv","format":"csv"}""";

    private IJobStore theJobs => (IJobStore)theStore;

    [Fact]
    public async Task a_submitted_job_is_found_queued_with_nothing_done()
    {
        var job = Job("j1", "sha256:aa", T0);

        var submitted = await theJobs.SubmitJobAsync(job, upload: null);

        Assert.Equal(job, submitted);
        Assert.Equal(job, await theJobs.FindJobAsync("j1"));
        Assert.Null(await theJobs.FindJobAsync("nope"));
        Assert.Null(await theJobs.OpenJobUploadAsync("j1"));
        Assert.Null(await theJobs.OpenJobUploadAsync("nope"));
    }

    [Fact]
    public async Task submitting_the_same_digest_again_returns_the_first_job_and_writes_nothing()
    {
        var first = Job("j1", "sha256:aa", T0);
        await theJobs.SubmitJobAsync(first, new MemoryStream([1, 2, 3]));

        var again = await theJobs.SubmitJobAsync(Job("j2", "sha256:aa", T0.AddMinutes(5)) with { Spec = "{}" }, new MemoryStream([9, 9, 9, 9]));

        Assert.Equal(first, again);
        Assert.Null(await theJobs.FindJobAsync("j2"));
        Assert.Equal([first], await theJobs.ListJobsAsync(10));
        Assert.Equal([1, 2, 3], await ReadAllAsync((await theJobs.OpenJobUploadAsync("j1"))!));
    }

    [Fact]
    public async Task an_upload_of_several_parts_reads_back_byte_for_byte()
    {
        var content = new byte[3 * 1024 * 1024 + 123_457];
        new Random(7).NextBytes(content);
        await theJobs.SubmitJobAsync(Job("j1", "sha256:aa", T0), new MemoryStream(content));

        await using var copied = (await theJobs.OpenJobUploadAsync("j1"))!;
        Assert.Equal(content.Length, copied.Length);
        Assert.Equal(content, await ReadAllAsync(copied));

        // Reads smaller than a part and not dividing it cross the parts' edges mid-read.
        await using var readInPieces = (await theJobs.OpenJobUploadAsync("j1"))!;
        var pieces = new MemoryStream();
        var buffer = new byte[65_521];
        int read;
        while ((read = readInPieces.Read(buffer, 0, buffer.Length)) > 0) pieces.Write(buffer, 0, read);
        Assert.Equal(content, pieces.ToArray());
    }

    [Fact]
    public async Task an_upload_missing_a_part_fails_to_read_rather_than_read_short()
    {
        await theJobs.SubmitJobAsync(Job("j1", "sha256:aa", T0), new MemoryStream(new byte[2 * 1024 * 1024 + 1]));
        await ExecuteAsync("DELETE FROM extract_job_uploads WHERE job_id = 'j1' AND part_no = 2");

        await Assert.ThrowsAsync<InvalidDataException>(async () => await ReadAllAsync((await theJobs.OpenJobUploadAsync("j1"))!));
    }

    [Fact]
    public async Task an_empty_upload_reads_back_empty_not_absent()
    {
        await theJobs.SubmitJobAsync(Job("j1", "sha256:aa", T0), new MemoryStream());

        var upload = await theJobs.OpenJobUploadAsync("j1");

        Assert.NotNull(upload);
        Assert.Empty(await ReadAllAsync(upload));
    }

    [Fact]
    public async Task jobs_are_listed_newest_first()
    {
        await theJobs.SubmitJobAsync(Job("j1", "sha256:aa", T0.AddMinutes(1)), null);
        await theJobs.SubmitJobAsync(Job("j2", "sha256:bb", T0), null);
        await theJobs.SubmitJobAsync(Job("j3", "sha256:cc", T0.AddMinutes(2)), null);

        Assert.Equal(["j3", "j1", "j2"], (await theJobs.ListJobsAsync(10)).Select(j => j.JobId));
        Assert.Equal(["j3", "j1"], (await theJobs.ListJobsAsync(2)).Select(j => j.JobId));
    }

    [Fact]
    public async Task a_lease_takes_the_oldest_queued_job_first()
    {
        await theJobs.SubmitJobAsync(Job("b", "sha256:bb", T0), null);
        await theJobs.SubmitJobAsync(Job("a", "sha256:aa", T0.AddSeconds(1)), null);
        await theJobs.SubmitJobAsync(Job("c", "sha256:cc", T0), null);
        var now = T0.AddMinutes(1);

        var leased = new List<string>();
        while (await theJobs.LeaseNextJobAsync("r1", now, now.AddMinutes(1)) is { } job) leased.Add(job.JobId);

        Assert.Equal(["b", "c", "a"], leased);
        Assert.All(await theJobs.ListJobsAsync(10), j => Assert.Equal((JobState.Running, "r1", now.AddMinutes(1)), (j.State, j.LeasedBy, j.LeaseUntil)));
    }

    [Fact]
    public async Task a_lease_asked_for_one_job_takes_only_that_job()
    {
        await theJobs.SubmitJobAsync(Job("older", "sha256:aa", T0), null);
        await theJobs.SubmitJobAsync(Job("mine", "sha256:bb", T0.AddSeconds(1)), null);
        var now = T0.AddMinutes(1);

        var leased = await theJobs.LeaseNextJobAsync("cli", now, now.AddMinutes(1), onlyJobId: "mine");

        Assert.Equal("mine", leased?.JobId);
        Assert.Null(await theJobs.LeaseNextJobAsync("cli", now, now.AddMinutes(1), onlyJobId: "nope"));
        Assert.Equal(JobState.Queued, (await theJobs.FindJobAsync("older"))!.State);
    }

    [Fact]
    public async Task a_replica_restarted_under_its_name_releases_what_it_held_so_its_job_is_taken_at_once()
    {
        await theJobs.SubmitJobAsync(Job("j1", "sha256:aa", T0), null);
        await theJobs.SubmitJobAsync(Job("j2", "sha256:bb", T0), null);
        await theJobs.LeaseNextJobAsync("r1", T0.AddSeconds(10), T0.AddSeconds(70));
        await theJobs.LeaseNextJobAsync("r2", T0.AddSeconds(10), T0.AddSeconds(70));
        Assert.Null(await theJobs.LeaseNextJobAsync("r1", T0.AddSeconds(20), T0.AddSeconds(80)));

        await theJobs.ReleaseJobLeasesAsync("r1", T0.AddSeconds(19));

        Assert.Equal("j1", (await theJobs.LeaseNextJobAsync("r1", T0.AddSeconds(20), T0.AddSeconds(80)))?.JobId);
        Assert.Null(await theJobs.LeaseNextJobAsync("r1", T0.AddSeconds(21), T0.AddSeconds(81)));
    }

    [Fact]
    public async Task a_leased_job_is_not_leased_again_until_its_lease_lapses()
    {
        await theJobs.SubmitJobAsync(Job("j1", "sha256:aa", T0), null);

        var first = await theJobs.LeaseNextJobAsync("r1", T0.AddSeconds(10), T0.AddSeconds(70));

        Assert.Equal(Job("j1", "sha256:aa", T0) with { State = JobState.Running, LeasedBy = "r1", LeaseUntil = T0.AddSeconds(70) }, first);
        Assert.Null(await theJobs.LeaseNextJobAsync("r2", T0.AddSeconds(40), T0.AddSeconds(100)));
        Assert.Null(await theJobs.LeaseNextJobAsync("r2", T0.AddSeconds(70), T0.AddSeconds(130)));

        var takenOver = await theJobs.LeaseNextJobAsync("r2", T0.AddSeconds(71), T0.AddSeconds(131));

        Assert.Equal(("j1", JobState.Running, "r2", T0.AddSeconds(131)), (takenOver!.JobId, takenOver.State, takenOver.LeasedBy, takenOver.LeaseUntil));
        Assert.False(await theJobs.RenewJobLeaseAsync("j1", "r1", T0.AddSeconds(200)));
        Assert.True(await theJobs.RenewJobLeaseAsync("j1", "r2", T0.AddSeconds(200)));
        Assert.Equal(T0.AddSeconds(200), (await theJobs.FindJobAsync("j1"))!.LeaseUntil);
        Assert.Null(await theJobs.LeaseNextJobAsync("r3", T0.AddSeconds(150), T0.AddSeconds(210)));
    }

    [Fact]
    public async Task a_checkpoint_lands_with_the_change_it_rides_in()
    {
        await SubmitAndLeaseAsync("j1", "r1");
        var change = NewPersonWith(Record("gp", "G1"), "p1");
        change.JobCheckpoints.Add(Checkpoint("j1", 0, "r1", T0.AddMinutes(2)));

        await theStore.ApplyAsync([change]);

        Assert.NotNull(await theStore.FindRecordAsync(new RecordKey("gp", "G1")));
        var job = await theJobs.FindJobAsync("j1");
        Assert.Equal((JobState.Running, 1, """{"chunks":1}""", "r1", T0.AddMinutes(4), (DateTimeOffset?)null),
            (job!.State, job.ChunksDone, job.Report, job.LeasedBy, job.LeaseUntil, job.FinishedAt));
    }

    [Fact]
    public async Task a_change_holding_only_a_checkpoint_is_written()
    {
        await SubmitAndLeaseAsync("j1", "r1");
        var first = new MembershipChange();
        first.JobCheckpoints.Add(Checkpoint("j1", 0, "r1", T0.AddMinutes(2)));
        Assert.False(first.IsEmpty);

        await theStore.ApplyAsync([first]);
        var second = new MembershipChange();
        second.JobCheckpoints.Add(Checkpoint("j1", 1, "r1", T0.AddMinutes(3)) with { Report = """{"chunks":2}""" });
        await theStore.ApplyAsync([second]);

        var job = await theJobs.FindJobAsync("j1");
        Assert.Equal((2, """{"chunks":2}"""), (job!.ChunksDone, job.Report));
        Assert.Equal(new StoreCounts(0, 0, 0, 0), await theStore.CountAsync());
    }

    [Fact]
    public async Task a_checkpoint_from_a_holder_that_lost_the_lease_fails_the_whole_batch()
    {
        await SubmitAndLeaseAsync("j1", "r1");
        await theJobs.LeaseNextJobAsync("r2", T0.AddMinutes(11), T0.AddMinutes(20));
        var stale = NewPersonWith(Record("gp", "G2"), "p2");
        stale.JobCheckpoints.Add(Checkpoint("j1", 0, "r1", T0.AddMinutes(12)));

        await Assert.ThrowsAsync<StoreConflictException>(() => theStore.ApplyAsync([NewPersonWith(Record("gp", "G1"), "p1"), stale]));

        Assert.Equal(new StoreCounts(0, 0, 0, 0), await theStore.CountAsync());
        Assert.Null(await theStore.FindRecordAsync(new RecordKey("gp", "G2")));
        var job = await theJobs.FindJobAsync("j1");
        Assert.Equal((0, (string?)null, "r2"), (job!.ChunksDone, job.Report, job.LeasedBy));
    }

    [Fact]
    public async Task a_checkpoint_for_any_chunk_but_the_next_fails_the_whole_change()
    {
        await SubmitAndLeaseAsync("j1", "r1");
        var skipping = NewPersonWith(Record("gp", "G1"), "p1");
        skipping.JobCheckpoints.Add(Checkpoint("j1", 1, "r1", T0.AddMinutes(2)));
        await Assert.ThrowsAsync<StoreConflictException>(() => theStore.ApplyAsync([skipping]));
        Assert.Null(await theStore.FindRecordAsync(new RecordKey("gp", "G1")));

        var chunk0 = new MembershipChange();
        chunk0.JobCheckpoints.Add(Checkpoint("j1", 0, "r1", T0.AddMinutes(2)));
        await theStore.ApplyAsync([chunk0]);
        var replayed = NewPersonWith(Record("gp", "G2"), "p2");
        replayed.JobCheckpoints.Add(Checkpoint("j1", 0, "r1", T0.AddMinutes(3)));
        await Assert.ThrowsAsync<StoreConflictException>(() => theStore.ApplyAsync([replayed]));

        Assert.Null(await theStore.FindRecordAsync(new RecordKey("gp", "G2")));
        Assert.Equal(1, (await theJobs.FindJobAsync("j1"))!.ChunksDone);
        var unknown = new MembershipChange();
        unknown.JobCheckpoints.Add(Checkpoint("nope", 0, "r1", T0.AddMinutes(3)));
        await Assert.ThrowsAsync<StoreConflictException>(() => theStore.ApplyAsync([unknown]));
    }

    [Fact]
    public async Task the_finished_checkpoint_makes_the_job_succeeded_and_releases_its_lease()
    {
        await SubmitAndLeaseAsync("j1", "r1");
        var last = NewPersonWith(Record("gp", "G1"), "p1");
        last.JobCheckpoints.Add(Checkpoint("j1", 0, "r1", T0.AddMinutes(2)) with { Finished = true });

        await theStore.ApplyAsync([last]);

        var job = await theJobs.FindJobAsync("j1");
        Assert.Equal(Job("j1", "sha256:aa", T0) with { State = JobState.Succeeded, ChunksDone = 1, Report = """{"chunks":1}""", FinishedAt = T0.AddMinutes(2) }, job);
        Assert.False(await theJobs.RenewJobLeaseAsync("j1", "r1", T0.AddMinutes(10)));
        Assert.Null(await theJobs.LeaseNextJobAsync("r2", T0.AddDays(1), T0.AddDays(1).AddMinutes(1)));
    }

    [Fact]
    public async Task a_failed_job_keeps_its_reason_and_is_never_leased_again()
    {
        await SubmitAndLeaseAsync("j1", "r1");

        await theJobs.FailJobAsync("j1", "r2", "not the holder", T0.AddMinutes(2));
        Assert.Equal(JobState.Running, (await theJobs.FindJobAsync("j1"))!.State);
        await theJobs.FailJobAsync("j1", "r1", "column 'dob' is missing", T0.AddMinutes(3));

        var job = await theJobs.FindJobAsync("j1");
        Assert.Equal(Job("j1", "sha256:aa", T0) with { State = JobState.Failed, Error = "column 'dob' is missing", FinishedAt = T0.AddMinutes(3) }, job);
        Assert.False(await theJobs.RenewJobLeaseAsync("j1", "r1", T0.AddMinutes(10)));
        Assert.Null(await theJobs.LeaseNextJobAsync("r2", T0.AddDays(1), T0.AddDays(1).AddMinutes(1)));
        var late = new MembershipChange();
        late.JobCheckpoints.Add(Checkpoint("j1", 0, "r1", T0.AddMinutes(4)));
        await Assert.ThrowsAsync<StoreConflictException>(() => theStore.ApplyAsync([late]));
    }

    [Fact]
    public async Task a_job_and_its_upload_outlive_the_store_instance()
    {
        var content = new byte[1024 * 1024 + 1];
        new Random(11).NextBytes(content);
        await theJobs.SubmitJobAsync(Job("j1", "sha256:aa", T0), new MemoryStream(content));
        await theJobs.LeaseNextJobAsync("r1", T0.AddMinutes(1), T0.AddMinutes(2));
        var chunk = NewPersonWith(Record("gp", "G1"), "p1");
        chunk.JobCheckpoints.Add(Checkpoint("j1", 0, "r1", T0.AddMinutes(1)));
        await theStore.ApplyAsync([chunk]);
        var before = await theJobs.FindJobAsync("j1");

        var reopened = (IJobStore)await ReopenAsync();
        await ((IPatientIndexStore)reopened).MigrateAsync();

        Assert.Equal(before, await reopened.FindJobAsync("j1"));
        Assert.Equal(1, before!.ChunksDone);
        Assert.Equal(content, await ReadAllAsync((await reopened.OpenJobUploadAsync("j1"))!));
        var resumed = await reopened.LeaseNextJobAsync("r2", T0.AddMinutes(10), T0.AddMinutes(11));
        Assert.Equal(("j1", 1, "r2"), (resumed!.JobId, resumed.ChunksDone, resumed.LeasedBy));
    }

    private static ExtractJob Job(string jobId, string digest, DateTimeOffset submittedAt) =>
        new(jobId, digest, Spec, JobState.Queued, submittedAt, 0, null, null, null, null, null);

    /// <summary>The chunk's checkpoint at <paramref name="at"/>, renewing the lease two minutes on.</summary>
    private static JobCheckpoint Checkpoint(string jobId, int chunkNo, string holder, DateTimeOffset at) =>
        new(jobId, chunkNo, holder, $$"""{"chunks":{{chunkNo + 1}}}""", Finished: false, at, at.AddMinutes(2));

    /// <summary>Submits the job at T0 and leases it to <paramref name="holder"/> from T0 + 1 min to T0 + 10 min.</summary>
    private async Task SubmitAndLeaseAsync(string jobId, string holder)
    {
        await theJobs.SubmitJobAsync(Job(jobId, "sha256:aa", T0), null);
        Assert.Equal(jobId, (await theJobs.LeaseNextJobAsync(holder, T0.AddMinutes(1), T0.AddMinutes(10)))?.JobId);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
