using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

/// <summary>
/// The steward assertions in force that two records are different persons, held in memory (loaded
/// from the store's decisions at start-up and kept current) so the linker can consult them on every
/// candidate. Decisions are applied in the order they were made; the latest on a pair wins.
/// </summary>
public sealed class DifferentPersons
{
    private readonly Dictionary<RecordKey, HashSet<RecordKey>> _apart = new();
    private readonly Lock _lock = new();

    public void Apply(StewardDecision decision)
    {
        lock (_lock)
        {
            if (decision.Verdict == StewardVerdict.DifferentPersons)
            {
                Side(decision.Left).Add(decision.Right);
                Side(decision.Right).Add(decision.Left);
            }
            else
            {
                Forget(decision.Left, decision.Right);
                Forget(decision.Right, decision.Left);
            }
        }
    }

    public void ApplyAll(IEnumerable<StewardDecision> decisions)
    {
        foreach (var decision in decisions) Apply(decision);
    }

    /// <summary>All assertions replaced at once by those the decisions put in force: no reader sees a half-built set.</summary>
    public void ReplaceAll(IEnumerable<StewardDecision> decisions)
    {
        var fresh = new DifferentPersons();
        fresh.ApplyAll(decisions);
        lock (_lock)
        {
            _apart.Clear();
            foreach (var (record, others) in fresh._apart) _apart[record] = others;
        }
    }

    public void Clear()
    {
        lock (_lock) _apart.Clear();
    }

    /// <summary>True when the record is part of any assertion: the cheap test before looking further.</summary>
    public bool Involves(RecordKey record)
    {
        lock (_lock) return _apart.ContainsKey(record);
    }

    public bool Apart(RecordKey a, RecordKey b)
    {
        lock (_lock) return _apart.TryGetValue(a, out var others) && others.Contains(b);
    }

    public IReadOnlyList<RecordKey> ApartFrom(RecordKey record)
    {
        lock (_lock) return _apart.TryGetValue(record, out var others) ? [.. others] : [];
    }

    private HashSet<RecordKey> Side(RecordKey key)
    {
        if (!_apart.TryGetValue(key, out var set)) _apart[key] = set = [];
        return set;
    }

    private void Forget(RecordKey key, RecordKey other)
    {
        if (!_apart.TryGetValue(key, out var set)) return;
        set.Remove(other);
        if (set.Count == 0) _apart.Remove(key);
    }
}
