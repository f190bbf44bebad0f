using PatientIndex.Core.Store;

namespace PatientIndex.Server.Matching;

/// <summary>
/// The coordinator for a store only this process writes (the embedded SQLite file): the link queue
/// already serialises every decision, so there is nothing to lock and no one else's change to follow.
/// </summary>
public sealed class SingleReplica(IPatientIndexStore store) : IReplicaCoordinator, ILinkingScope
{
    public TimeSpan PollInterval => Timeout.InfiniteTimeSpan;

    public int MaxBatch => 256;

    public Task<long> LatestSequenceAsync(CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task<IReadOnlyList<RecordChange>> ChangesSinceAsync(long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RecordChange>>([]);

    public Task<ILinkingScope> BeginAsync(IReadOnlyCollection<long> lockKeys, CancellationToken cancellationToken = default) =>
        Task.FromResult<ILinkingScope>(this);

    public async Task<SequenceRange> CommitAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken = default)
    {
        await store.ApplyAsync(changes, cancellationToken);
        return SequenceRange.None;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
