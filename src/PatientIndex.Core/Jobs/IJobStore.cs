namespace PatientIndex.Core.Jobs;

/// <summary>
/// Extract jobs kept in the store, so a job outlives the process running it: any replica can take
/// over a job whose lease lapsed and go on from its last committed chunk. Progress is written by
/// <see cref="JobCheckpoint"/>s riding in a <see cref="Store.MembershipChange"/>, never here.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// Keeps a new job in <see cref="JobState.Queued"/> with its uploaded content (none when the spec names a path).
    /// When a job with the same digest exists, nothing is written and that job is returned instead.
    /// </summary>
    Task<ExtractJob> SubmitJobAsync(ExtractJob job, Stream? upload, CancellationToken cancellationToken = default);

    Task<ExtractJob?> FindJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Jobs newest first.</summary>
    Task<IReadOnlyList<ExtractJob>> ListJobsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the oldest job that is queued, or running with a lease lapsed before <paramref name="now"/>:
    /// it becomes running, leased by <paramref name="holder"/> until <paramref name="leaseUntil"/>.
    /// Null when there is none. Two replicas asking at once never take the same job. With <paramref name="onlyJobId"/>,
    /// only that job is considered.
    /// </summary>
    Task<ExtractJob?> LeaseNextJobAsync(string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default,
        string? onlyJobId = null);

    /// <summary>
    /// Lets every lease <paramref name="holder"/> has lapse at <paramref name="at"/>: a replica starting again under its
    /// name holds nothing yet, so the jobs it held when it stopped can be taken (by it or another) at once.
    /// </summary>
    Task ReleaseJobLeasesAsync(string holder, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease; false when <paramref name="holder"/> no longer holds the job (another replica took it over, or it ended).</summary>
    Task<bool> RenewJobLeaseAsync(string jobId, string holder, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Ends the job as failed with the reason, if <paramref name="holder"/> still holds it.</summary>
    Task FailJobAsync(string jobId, string holder, string error, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The uploaded content of the job, read from the start; null when it was submitted by path.</summary>
    Task<Stream?> OpenJobUploadAsync(string jobId, CancellationToken cancellationToken = default);
}
