namespace PatientIndex.Core.Jobs;

/// <summary>Where a job stands. A job leaves <see cref="Succeeded"/> and <see cref="Failed"/> never.</summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One extract to link into the live index, run chunk by chunk. <see cref="Digest"/> names the
/// extract's content and options together: submitting the same extract again finds this job.
/// </summary>
/// <param name="Spec">What to read and how (JSON of <see cref="JobSpec"/>), as submitted.</param>
/// <param name="ChunksDone">Chunks committed so far; a resumed job starts at the next one.</param>
/// <param name="Report">JSON of the report so far (the tallies committed with the last chunk), or null before the first.</param>
/// <param name="LeasedBy">The replica running the job, or null when none holds it.</param>
/// <param name="LeaseUntil">When the lease lapses unless renewed; another replica may then take the job over.</param>
public sealed record ExtractJob(
    string JobId,
    string Digest,
    string Spec,
    JobState State,
    DateTimeOffset SubmittedAt,
    int ChunksDone,
    string? Report,
    string? Error,
    string? LeasedBy,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset? FinishedAt);

/// <summary>
/// The job's progress, written in the same transaction as the chunk's membership changes, so a
/// chunk is either linked and counted or neither. The store writes it only while
/// <see cref="LeaseHolder"/> still holds the job and <see cref="ChunkNo"/> is the job's next chunk;
/// otherwise the whole transaction fails with a <see cref="Store.StoreConflictException"/>.
/// </summary>
/// <param name="ChunkNo">Zero-based: the job's <see cref="ExtractJob.ChunksDone"/> becomes ChunkNo + 1.</param>
/// <param name="Report">JSON of the report including this chunk.</param>
/// <param name="Finished">When true the job becomes <see cref="JobState.Succeeded"/>, its lease is released and FinishedAt set.</param>
/// <param name="LeaseUntil">The lease is renewed to this instant.</param>
public sealed record JobCheckpoint(string JobId, int ChunkNo, string LeaseHolder, string Report, bool Finished, DateTimeOffset At, DateTimeOffset LeaseUntil);
