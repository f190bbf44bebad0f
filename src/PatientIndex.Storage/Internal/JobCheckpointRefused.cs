using PatientIndex.Core.Jobs;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Internal;

/// <summary>The one message both stores give when a checkpoint's fence does not hold.</summary>
internal static class JobCheckpointRefused
{
    public static StoreConflictException Of(JobCheckpoint c) => new(
        $"extract job {c.JobId} is not running at chunk {c.ChunkNo} under the lease of {c.LeaseHolder} (the lease was taken over, "
        + "the job ended, or the chunk was committed already); nothing of this change was written");
}
