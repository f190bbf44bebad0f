using Microsoft.Extensions.Options;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Jobs;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Extracts;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Jobs;

/// <summary>
/// Takes extract jobs from the store one at a time and runs them through the link queue, a chunk
/// per linking scope: each chunk's decisions and the job's progress commit together, so a job taken
/// over after a crash starts at the first chunk not committed. The lease is renewed while the
/// extract is read and with every chunk; losing it (another replica took the job over) stops the run.
/// Each chunk's audit event (the records it changed, the job as actor, the replica as client) rides
/// in the chunk's transaction; who submitted the job is in the audit event of the submission.
/// </summary>
public sealed class JobRunner(IJobStore store, ExtractJobs jobs, LinkQueue queue, PersonLinker index, IndexLoader loader, TodaysNormaliser normaliser,
    TimeProvider clock, IOptions<JobsOptions> options, ILogger<JobRunner> log) : BackgroundService
{
    /// <summary>A job whose chunks fail this many times in a row on one replica (not a lost lease) is failed.</summary>
    private const int Attempts = 3;
    private readonly Dictionary<string, int> _failures = [];

    private JobsOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.Run) return;
        await loader.Ready.WaitAsync(stoppingToken);
        // Whatever this name held before a restart is not being run by anyone now.
        await store.ReleaseJobLeasesAsync(Options.Holder, clock.GetUtcNow().AddSeconds(-1), stoppingToken);
        var poll = TimeSpan.FromSeconds(Options.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            ExtractJob? job = null;
            try
            {
                job = await LeaseAsync(stoppingToken);
                if (job is not null) await RunAsync(job, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                log.LogError(e, "Running extract job {Job} failed; it is retried", job?.JobId);
                if (job is not null) await GiveUpAfterAttempts(job, e);
            }
            if (job is null) await jobs.SubmittedAsync(poll, stoppingToken);
        }
    }

    private async Task<ExtractJob?> LeaseAsync(CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        if (!Options.OnlySubmittedHere) return await store.LeaseNextJobAsync(Options.Holder, now, now + Options.Lease, stoppingToken);
        foreach (var jobId in jobs.SubmittedHere)
            if (await store.LeaseNextJobAsync(Options.Holder, now, now + Options.Lease, stoppingToken, jobId) is { } job) return job;
        return null;
    }

    private async Task RunAsync(ExtractJob job, CancellationToken stoppingToken)
    {
        log.LogInformation("Extract job {Job} taken by {Holder} at chunk {Chunk}", job.JobId, Options.Holder, job.ChunksDone);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewing = RenewWhileRunning(job.JobId, lost);
        var spec = JobSpec.FromJson(job.Spec);
        Extract extract;
        try { extract = await ReadAsync(job, spec, lost.Token); }
        catch (Exception e) when (e is ExtractException or IOException)
        {
            await store.FailJobAsync(job.JobId, Options.Holder, e.Message, clock.GetUtcNow(), CancellationToken.None);
            return;
        }
        if (spec.NotWritable(extract.Records) is { } stranger)
        {
            await store.FailJobAsync(job.JobId, Options.Holder, $"permission denied: {spec.FileName} holds {stranger}, a record of {stranger.Source}, "
                + $"and its submitter writes only for {string.Join(", ", spec.Sources!)}; nothing was linked", clock.GetUtcNow(), CancellationToken.None);
            return;
        }
        var report = ExtractReport.FromJson(job.Report);
        if (job.ChunksDone == 0) Count(extract, report);
        var chunks = ExtractLinkage.Chunks(extract.Records, spec.ChunkSize);
        if (chunks.Count == 0) chunks.Add([]);
        report.Chunks = chunks.Count + (spec.FullExtract ? 1 : 0);
        if (spec.FullExtract && job.ChunksDone < chunks.Count && !await WithdrawalsAllowed(job, spec, extract, lost.Token)) return;

        for (var chunk = job.ChunksDone; chunk < report.Chunks; chunk++)
        {
            lost.Token.ThrowIfCancellationRequested();
            var finished = chunk == report.Chunks - 1;
            var done = chunk < chunks.Count
                ? await LinkChunkAsync(job, chunk, chunks[chunk], report, finished, lost.Token)
                : await WithdrawAsync(job, chunk, spec, extract.Records, report, lost.Token);
            if (!done) return;
        }
        _failures.Remove(job.JobId);
        // The tallies only: the report's rejected rows quote what the extract held.
        var total = report.Total;
        log.LogInformation("Extract job {Job} succeeded: {New} new, {Updated} updated, {Unchanged} unchanged, {Withdrawn} withdrawn, {Rejected} rejected",
            job.JobId, total.New, total.Updated, total.Unchanged, total.Withdrawn, report.Rejected);
    }

    private async Task<bool> LinkChunkAsync(ExtractJob job, int chunk, IReadOnlyList<SourceRecord> records, ExtractReport report, bool finished,
        CancellationToken cancellationToken)
    {
        var arriving = records.Select(r => (new RecordKey(r.Source, r.RecordId), normaliser.Normalise(r))).ToArray();
        var normalised = arriving.ToDictionary(a => a.Item1, a => a.Item2);
        return await CommitAsync(job, arriving.Select(a => a.Item1).ToArray(), arriving, report, linker =>
            new ExtractLinkage(linker, r => normalised[new RecordKey(r.Source, r.RecordId)], Actor(job)).LinkChunk(records, report),
            chunk, finished, cancellationToken);
    }

    private async Task<bool> WithdrawAsync(ExtractJob job, int chunk, JobSpec spec, IReadOnlyList<SourceRecord> extract, ExtractReport report,
        CancellationToken cancellationToken)
    {
        // The records to withdraw are chosen under the locks of those held, as they stand once every chunk is in.
        var held = new ExtractLinkage(index, r => normaliser.Normalise(r), Actor(job)).Withdrawals(extract, spec with { Force = true });
        return await CommitAsync(job, held, [], report, linker =>
        {
            var linkage = new ExtractLinkage(linker, r => normaliser.Normalise(r), Actor(job));
            return linkage.Withdraw(linkage.Withdrawals(extract, spec with { Force = true }), report);
        }, chunk, finished: true, cancellationToken);
    }

    /// <summary>Decides and writes one chunk with the job's checkpoint; false when another replica holds the job now.</summary>
    private async Task<bool> CommitAsync(ExtractJob job, IReadOnlyList<RecordKey> records, IReadOnlyList<(RecordKey, NormalisedRecord)> arriving,
        ExtractReport report, Func<PersonLinker, List<MembershipChange>> decide, int chunk, bool finished, CancellationToken cancellationToken)
    {
        var before = report.ToJson();
        try
        {
            await queue.RunChunkAsync<bool>(records, arriving, linker =>
            {
                var changes = decide(linker);
                var now = clock.GetUtcNow();
                var progress = new MembershipChange();
                progress.JobCheckpoints.Add(new JobCheckpoint(job.JobId, chunk, Options.Holder, report.ToJson(), finished, now, now + Options.Lease));
                progress.AuditEvents.Add(new AccessEvent
                {
                    At = now, Actor = Actor(job), Client = Options.Holder, RequestId = job.JobId, Action = AccessAction.JobChunk,
                    Operation = ChunkOperation, Outcome = AccessOutcome.Success, Query = $"extract job {job.JobId}, chunk {chunk + 1} of {report.Chunks}",
                    Changed = [.. ChangeSubjects.RecordsOf(changes).Distinct()], Persons = [.. ChangeSubjects.PersonsOf(changes).Distinct(StringComparer.Ordinal)],
                });
                changes.Add(progress);
                return (changes, true);
            }, cancellationToken);
            return true;
        }
        catch (Exception e)
        {
            Restore(report, before);
            if (e is not StoreConflictException || !await Lost(job.JobId)) throw;
            log.LogWarning("Extract job {Job} is held by another replica now; this one stops ({Reason})", job.JobId, e.Message);
            return false;
        }
    }

    private async Task<bool> WithdrawalsAllowed(ExtractJob job, JobSpec spec, Extract extract, CancellationToken cancellationToken)
    {
        try
        {
            new ExtractLinkage(index, r => normaliser.Normalise(r), Actor(job)).Withdrawals(extract.Records, spec);
            return true;
        }
        catch (WithdrawalRefusedException e)
        {
            await store.FailJobAsync(job.JobId, Options.Holder, e.Message, clock.GetUtcNow(), cancellationToken);
            return false;
        }
    }

    private async Task<Extract> ReadAsync(ExtractJob job, JobSpec spec, CancellationToken cancellationToken)
    {
        var columns = ColumnMapping.Parse(spec.Columns);
        if (spec.Path is { } path) return await Task.Run(() => new ExtractReader(columns).Read([path]), cancellationToken);
        // Under its own name: a CSV's source is its file's name.
        var folder = Directory.CreateDirectory(Path.Combine(jobs.SpoolDirectory, "patientindex-job-" + job.JobId)).FullName;
        var spooled = Path.Combine(folder, Path.GetFileName(spec.FileName));
        try
        {
            await using (var upload = await store.OpenJobUploadAsync(job.JobId, cancellationToken)
                ?? throw new ExtractException($"{spec.FileName}: the job's upload is missing from the store"))
            await using (var file = File.Create(spooled))
                await upload.CopyToAsync(file, cancellationToken);
            try { return await Task.Run(() => new ExtractReader(columns).Read([spooled]), cancellationToken); }
            catch (ExtractException e) { throw new ExtractException(e.Message.Replace(spooled, spec.FileName)); }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static void Count(Extract extract, ExtractReport report)
    {
        report.Rejected = extract.Rejections.Count;
        report.IdenticalRepeats = extract.IdenticalRepeats;
        report.RejectedRows.Clear();
        report.RejectedRows.AddRange(extract.Rejections.Take(ExtractReport.RejectedRowsKept)
            .Select(r => $"{Path.GetFileName(r.File)} line {r.Line}: {r.Reason}"));
    }

    private static void Restore(ExtractReport report, string json)
    {
        var saved = ExtractReport.FromJson(json);
        report.Sources.Clear();
        foreach (var (source, tally) in saved.Sources) report.Sources[source] = tally;
    }

    private async Task<bool> Lost(string jobId)
    {
        var job = await store.FindJobAsync(jobId, CancellationToken.None);
        return job is null || job.LeasedBy != Options.Holder || job.State != JobState.Running;
    }

    private async Task GiveUpAfterAttempts(ExtractJob job, Exception e)
    {
        var failures = _failures[job.JobId] = _failures.GetValueOrDefault(job.JobId) + 1;
        if (failures < Attempts) return;
        _failures.Remove(job.JobId);
        try { await store.FailJobAsync(job.JobId, Options.Holder, $"failed {Attempts} times; last: {e.Message}", clock.GetUtcNow(), CancellationToken.None); }
        catch (Exception again) { log.LogError(again, "Recording extract job {Job} as failed did not work either", job.JobId); }
    }

    /// <summary>Renews the lease every third of it; cancels the run when the lease is lost.</summary>
    private IDisposable RenewWhileRunning(string jobId, CancellationTokenSource lost)
    {
        var every = Options.Lease / 3;
        var timer = new Timer(_ => _ = Renew(), null, every, every);
        return timer;

        async Task Renew()
        {
            try
            {
                if (!await store.RenewJobLeaseAsync(jobId, Options.Holder, clock.GetUtcNow() + Options.Lease, CancellationToken.None))
                    await lost.CancelAsync();
            }
            catch (Exception e) { log.LogWarning(e, "Renewing the lease of extract job {Job} failed", jobId); }
        }
    }

    private static string Actor(ExtractJob job) => $"extract-job:{job.JobId}";

    /// <summary>The operation a chunk's audit event names.</summary>
    public const string ChunkOperation = "job chunk";
}
