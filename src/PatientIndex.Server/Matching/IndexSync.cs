using PatientIndex.Core.Matching;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Matching;

/// <summary>
/// Keeps the candidate index equal to the store: follows the change sequence (what other replicas
/// committed), and repairs the records a failed write left decided in the index but not in the store.
/// Used only from the link queue's loop, one call at a time, as the linker requires.
/// </summary>
public sealed class IndexSync(PersonLinker linker, IPatientIndexStore store, DifferentPersons assertions, TodaysNormaliser normaliser, ILogger<IndexSync> log)
{
    private const int Page = 2048;
    private readonly HashSet<RecordKey> _stale = [];

    /// <summary>The last change-sequence number the index reflects.</summary>
    public long Sequence { get; private set; }

    public void StartAt(long sequence) => Sequence = sequence;

    public delegate Task<IReadOnlyList<RecordChange>> ChangeReader(long afterSequence, int limit, CancellationToken cancellationToken);

    public async Task CatchUpAsync(ChangeReader read, CancellationToken cancellationToken)
    {
        var followed = false;
        while (true)
        {
            var changes = await read(Sequence, Page, cancellationToken);
            foreach (var change in changes) Apply(change.Key, change.Current);
            if (changes.Count > 0) { Sequence = changes[^1].Sequence; followed = true; }
            if (changes.Count < Page) break;
        }
        // Another replica's steward may have asserted two records apart: a decision is logged against
        // both its records, so any change followed may carry one, and the linker must know before it decides.
        if (followed) assertions.ReplaceAll(await store.ReadDecisionsAsync(cancellationToken));
    }

    /// <summary>
    /// After this replica's own commit: skips its own entries when nothing else came between, so
    /// they are not applied twice. Otherwise they are read back later, which is harmless.
    /// </summary>
    public void Committed(SequenceRange range)
    {
        if (!range.IsEmpty && range.First == Sequence + 1) Sequence = range.Last;
    }

    /// <summary>A write failed: these records are put back to what the store holds, now or before the next decision.</summary>
    public async Task RestoreAsync(IEnumerable<RecordKey> keys)
    {
        _stale.UnionWith(keys);
        try { await RepairAsync(); }
        catch (Exception e) { log.LogWarning(e, "The store is unreachable; {Count} records will be restored in the index before the next decision", _stale.Count); }
    }

    /// <summary>Throws while the store is unreachable: until then no decision may be taken on a possibly wrong index.</summary>
    public async Task RepairAsync()
    {
        foreach (var key in _stale.ToList())
        {
            Apply(key, await store.FindRecordAsync(key));
            _stale.Remove(key);
        }
    }

    private void Apply(RecordKey key, StoredRecord? current)
    {
        var held = linker.Index.Find(key);
        if (current is not null && held is not null && held.Fingerprint == RecordFingerprint.Of(current.Record)
            && held.Link with { LinkedAt = current.Link.LinkedAt } == current.Link) return;
        linker.Restore(key, current, current is null ? null : normaliser.Normalise(current.Record));
    }
}
