namespace PatientIndex.Core.Store;

/// <summary>
/// One write transaction holding the block-key locks of the records being decided. Disposing it
/// without <see cref="CommitAsync"/> rolls everything back and releases the locks.
/// </summary>
public interface ILinkingScope : IAsyncDisposable
{
    /// <summary>Records changed after <paramref name="afterSequence"/>, read under the locks.</summary>
    Task<IReadOnlyList<RecordChange>> ChangesSinceAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Writes the changes in order and commits: all land or none does. Returns the sequence numbers they took.</summary>
    Task<SequenceRange> CommitAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken = default);
}
