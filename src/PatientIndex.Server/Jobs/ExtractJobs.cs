using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PatientIndex.Core.Jobs;
using PatientIndex.Core.Store;
using PatientIndex.Extracts;

namespace PatientIndex.Server.Jobs;

/// <summary>
/// The capability behind the Jobs service and <c>link --store</c>: accepts extracts as jobs (the same
/// extract with the same options is one job), answers for them, and wakes the runner.
/// </summary>
public sealed class ExtractJobs(IJobStore store, TimeProvider clock, IOptions<JobsOptions> options)
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(200);
    private readonly SemaphoreSlim _submitted = new(0);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _submittedHere = new();

    /// <summary>Ids of the jobs submitted through this process, oldest first.</summary>
    internal IReadOnlyList<string> SubmittedHere => [.. _submittedHere.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A file this process can read.</summary>
    public async Task<ExtractJob> SubmitPathAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        Check(spec);
        if (spec.Path is not { Length: > 0 } path) throw new JobSpecException("path", "say which file to link");
        if (!File.Exists(path)) throw new JobSpecException("path", $"{path}: no such file on the server");
        await using var content = File.OpenRead(path);
        var digest = await DigestAsync(spec, content, cancellationToken);
        return await SubmitAsync(spec with { Path = Path.GetFullPath(path) }, digest, upload: null, cancellationToken);
    }

    /// <summary>Content uploaded to this process, spooled to a file the caller gives (and deletes).</summary>
    public async Task<ExtractJob> SubmitUploadAsync(JobSpec spec, FileStream spooled, CancellationToken cancellationToken)
    {
        Check(spec);
        spooled.Position = 0;
        var digest = await DigestAsync(spec, spooled, cancellationToken);
        spooled.Position = 0;
        return await SubmitAsync(spec with { Path = null }, digest, spooled, cancellationToken);
    }

    public Task<ExtractJob?> FindAsync(string jobId, CancellationToken cancellationToken) => store.FindJobAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<ExtractJob>> ListAsync(int limit, CancellationToken cancellationToken) => store.ListJobsAsync(limit, cancellationToken);

    /// <summary>The job now, then whenever its progress changes, until it has ended. Null when unknown.</summary>
    public async IAsyncEnumerable<ExtractJob> WatchAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ExtractJob? last = null;
        while (true)
        {
            var job = await store.FindJobAsync(jobId, cancellationToken) ?? throw new JobNotFoundException(jobId);
            if (last is null || job.State != last.State || job.ChunksDone != last.ChunksDone || job.LeasedBy != last.LeasedBy) yield return job;
            if (job.State is JobState.Succeeded or JobState.Failed) yield break;
            last = job;
            await Task.Delay(WatchInterval, clock, cancellationToken);
        }
    }

    /// <summary>Waits until a job may have been submitted here, or the interval passes.</summary>
    internal Task<bool> SubmittedAsync(TimeSpan interval, CancellationToken cancellationToken) => _submitted.WaitAsync(interval, cancellationToken);

    public string SpoolDirectory => options.Value.SpoolDirectory is { Length: > 0 } dir ? dir : Path.GetTempPath();

    private async Task<ExtractJob> SubmitAsync(JobSpec spec, string digest, Stream? upload, CancellationToken cancellationToken)
    {
        if (options.Value.ChunkSize < 1) throw new JobSpecException("chunk_size", "Jobs:ChunkSize must be at least 1");
        var job = new ExtractJob(StoreIds.New(), digest, (spec with { ChunkSize = options.Value.ChunkSize }).ToJson(), JobState.Queued, clock.GetUtcNow(), 0, null, null, null, null, null);
        var kept = await store.SubmitJobAsync(job, upload, cancellationToken);
        _submittedHere.TryAdd(kept.JobId, true);
        _submitted.Release();
        return kept;
    }

    private static void Check(JobSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.FileName)) throw new JobSpecException("file_name", "name the extract's file (its extension says CSV or NDJSON)");
        if (spec.MaxWithdrawnShare is <= 0 or > 1 || double.IsNaN(spec.MaxWithdrawnShare))
            throw new JobSpecException("max_withdrawn_share", $"{spec.MaxWithdrawnShare} is not a share: give a number above 0 and at most 1");
        try { ColumnMapping.Parse(spec.Columns); }
        catch (ExtractException e) { throw new JobSpecException("columns", e.Message); }
    }

    /// <summary>The content and every option that changes what the job does; not the file's name or place.</summary>
    private static async Task<string> DigestAsync(JobSpec spec, Stream content, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var options = spec with { Path = null, FileName = ExtractReader.IsNdjson(spec.FileName) ? "ndjson" : "csv", ChunkSize = 0 };
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(options.ToJson()));
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>An option of a submitted job that cannot be used, named as the API names it.</summary>
public sealed class JobSpecException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

public sealed class JobNotFoundException(string jobId) : Exception($"no extract job {jobId}");
