namespace PatientIndex.Core.Store;

/// <summary>
/// How server replicas that share one database decide membership without racing each other, and
/// keep their in-memory candidate indexes in step. Every decision runs inside an
/// <see cref="ILinkingScope"/> that holds locks on the record's block keys across all replicas;
/// inside it the index first catches up with the change sequence, so it sees every decision another
/// replica committed on those keys. A single-process store has nothing to coordinate.
/// </summary>
public interface IReplicaCoordinator
{
    /// <summary>How often an idle replica reads the change sequence; infinite when no other replica can write.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>The most records one scope decides, which bounds the locks a transaction holds.</summary>
    int MaxBatch { get; }

    /// <summary>The newest sequence number committed; read before the index is built, so nothing is missed.</summary>
    Task<long> LatestSequenceAsync(CancellationToken cancellationToken = default);

    /// <summary>Records changed after <paramref name="afterSequence"/>, oldest first, with their current state.</summary>
    Task<IReadOnlyList<RecordChange>> ChangesSinceAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Waits for the locks on <paramref name="lockKeys"/> (held until the scope ends) and opens the write transaction.</summary>
    Task<ILinkingScope> BeginAsync(IReadOnlyCollection<long> lockKeys, CancellationToken cancellationToken = default);
}
