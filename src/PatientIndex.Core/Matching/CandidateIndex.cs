using System.Runtime.InteropServices;
using PatientIndex.Core.Blocking;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Matching;

/// <summary>
/// The in-memory candidate index: block key → the records with that key, with their normalised
/// forms, and person → its records. Built from the store at start-up and kept current on every
/// write, so matching one record never touches the database.
/// </summary>
/// <remarks>
/// Blocks are singly linked chains through flat arrays (a head per key, a next slot per record and
/// rule) rather than a list per key: fifteen rules over a million records would otherwise be
/// millions of small arrays. Newest records sit at the head, so a capped walk sees them first.
/// One writer at a time, any number of readers.
/// </remarks>
public sealed class CandidateIndex
{
    private readonly IReadOnlyList<BlockingRule> _rules;
    private readonly BlockCaps _options;
    private readonly int _ruleCount;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    private IndexedRecord?[] _slots = new IndexedRecord?[1024];
    private int[] _next = [];
    /// <summary>
    /// Loose rules also chain each record within its piece (its block key and name initials): past the
    /// budget a loose rule is searched by piece, and a piece is found at once rather than by walking a
    /// block that may hold thousands (a common given name in a city).
    /// </summary>
    private readonly int[] _looseOf;
    private readonly int _looseCount;
    private int[] _pieceNext = [];
    /// <summary>Per loose rule, how many of its pieces hold each number of records up to the block cap: what its plan is made from.</summary>
    private readonly long[][] _piecesOfSize;
    private readonly ChainHeads _pieces = new();
    private ushort[] _secondary = [];
    /// <summary>
    /// Each record's home key and name-at-home key (<see cref="Households"/>), two per slot, and the chains of
    /// records sharing each: every indexed record's household counts are kept current as records come and go.
    /// </summary>
    private ulong[] _homeKeys = [];
    private int[] _homeNext = [];
    private readonly ChainHeads _homes = new();
    /// <summary>Records held per source: homes are counted only while two or more sources are held (see <see cref="Households.Stamp"/>).</summary>
    private readonly Dictionary<string, int> _recordsOfSource = new(StringComparer.Ordinal);
    private int _highWater;
    private readonly Stack<int> _free = new();
    private readonly Dictionary<RecordKey, int> _slotOf = new();
    private readonly ChainHeads _blocks = new();
    /// <summary>Each person's first record; its others follow through <see cref="_personNext"/>, in the order they joined.</summary>
    private readonly Dictionary<string, int> _members = new(StringComparer.Ordinal);
    private int[] _personNext = [];
    private readonly Scoring.NameCounts? _baseline;
    private readonly NameCounts _given = new();
    private readonly NameCounts _family = new();
    /// <summary>Per rule, the pairs its blocks hold (Σ n(n−1)/2): a loose rule over its budget is searched by pieces, as bulk linkage does.</summary>
    private readonly long[] _rulePairs;
    private readonly LoosePlan[] _loosePlans;
    private int _plannedAt;

    [ThreadStatic] private static HashSet<int>? _seen;

    /// <param name="names">The name counts of the extract the model was learnt from, read until the index holds enough names of its own.</param>
    public CandidateIndex(IReadOnlyList<BlockingRule> rules, BlockCaps options, Scoring.NameCounts? names = null)
    {
        _baseline = names;
        _rules = rules;
        _options = options;
        _ruleCount = rules.Count;
        _rulePairs = new long[_ruleCount];
        _looseOf = new int[_ruleCount];
        for (var r = 0; r < _ruleCount; r++) _looseOf[r] = rules[r].Loose ? _looseCount++ : -1;
        _loosePlans = new LoosePlan[_ruleCount];
        _piecesOfSize = [.. Enumerable.Range(0, _looseCount).Select(_ => new long[options.MaxBlockSize + 1])];
        Grow(_slots.Length);
    }

    /// <summary>
    /// How a loose rule is searched: whole blocks while its pairs stay within bulk linkage's budget for an
    /// extract of this size; past it, only the members with the query's name initials, and none from a
    /// piece larger than <paramref name="PieceCap"/>, the cap bulk linkage would choose for these blocks.
    /// </summary>
    private readonly record struct LoosePlan(bool ByPieces, int PieceCap);

    public IReadOnlyList<BlockingRule> Rules => _rules;

    public int Count { get { _lock.EnterReadLock(); try { return _slotOf.Count; } finally { _lock.ExitReadLock(); } } }

    public int Persons { get { _lock.EnterReadLock(); try { return _members.Count; } finally { _lock.ExitReadLock(); } } }

    public IndexedRecord? Find(RecordKey key)
    {
        _lock.EnterReadLock();
        try { return _slotOf.TryGetValue(key, out var slot) ? _slots[slot] : null; }
        finally { _lock.ExitReadLock(); }
    }

    public IReadOnlyList<IndexedRecord> MembersOf(string personId)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_members.TryGetValue(personId, out var head)) return [];
            var members = new List<IndexedRecord>(2);
            for (var slot = head; slot >= 0; slot = _personNext[slot]) members.Add(_slots[slot]!);
            return members;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>The keys of every record one source sent, in no particular order.</summary>
    public List<RecordKey> KeysOfSource(string source)
    {
        _lock.EnterReadLock();
        try { return [.. _slotOf.Keys.Where(k => k.Source == source)]; }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Copies of every record's normalised form, to learn a model from while the index goes on serving.</summary>
    public List<NormalisedRecord> CopyRecords()
    {
        _lock.EnterReadLock();
        try { return [.. _slotOf.Values.Select(slot => _slots[slot]!.Normalised.Copy())]; }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Adds a record, or replaces the record with the same key.</summary>
    public void Add(IndexedRecord record)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_slotOf.ContainsKey(record.Key)) RemoveLocked(record.Key);
            AddLocked(record);
            PlanLooseRulesIfGrown();
        }
        finally { _lock.ExitWriteLock(); }
    }

    public bool Remove(RecordKey key)
    {
        _lock.EnterWriteLock();
        try
        {
            var removed = RemoveLocked(key);
            PlanLooseRulesIfGrown();
            return removed;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Points a record at a new link (and so, perhaps, a new person).</summary>
    public void Relink(RecordKey key, Link link)
    {
        _lock.EnterWriteLock();
        try
        {
            var slot = _slotOf[key];
            var record = _slots[slot]!;
            if (record.PersonId != link.PersonId)
            {
                LeavePerson(record.PersonId, slot);
                JoinPerson(link.PersonId, slot);
            }
            record.Link = link;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>
    /// Sets the query's name frequencies from the names indexed (term-frequency adjustment), and its household
    /// counts as they would be with the query indexed too (<paramref name="self"/>: its key, when it may be held already).
    /// </summary>
    public void Stamp(NormalisedRecord query, RecordKey? self = null)
    {
        var home = Households.HomeKey(query);
        var nameHome = Households.NameHomeKey(query, home);
        _lock.EnterReadLock();
        try
        {
            var given = query.GivenName is { Length: > 1 } g ? g : null;
            query.GivenNameFrequency = _given.Counted || _baseline is null ? _given.FrequencyOf(given) : _baseline.GivenFrequency(given);
            query.FamilyNameFrequency = _family.Counted || _baseline is null ? _family.FrequencyOf(query.FamilyName) : _baseline.FamilyFrequency(query.FamilyName);
            var held = self is { } key && _slotOf.TryGetValue(key, out var slot) ? slot : -1;
            query.HomeKey = home;
            query.HouseholdSize = MostInOneSource(home, 0, query.Source, held);
            query.NamesakesAtHome = MostInOneSource(nameHome, 1, query.Source, held);
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// The most records sharing a home key that one source holds, counting a record of <paramref name="source"/>
    /// not yet in the chain (unless <paramref name="member"/> is in it already); -1 for no such record. 0 for no key.
    /// </summary>
    private int MostInOneSource(ulong key, int kind, string? source, int member)
    {
        if (key == 0 || !SeveralSources(source)) return 0;
        if (!_homes.TryGet(key, out var chain)) return source is null ? 0 : 1;
        if (chain.Count >= HomeCountCap) return HomeCountCap;
        var counted = source is null;
        for (var slot = chain.Head; slot >= 0 && !counted; slot = _homeNext[slot * 2 + kind]) counted = slot == member;
        var most = counted ? 0 : 1;
        // Homes hold a handful of records: counting each one's source among the rest costs less than a table.
        for (var a = chain.Head; a >= 0; a = _homeNext[a * 2 + kind])
        {
            var of = _slots[a]!.Key.Source;
            var count = !counted && of == source ? 1 : 0;
            for (var b = chain.Head; b >= 0; b = _homeNext[b * 2 + kind])
                if (_slots[b]!.Key.Source == of) count++;
            most = Math.Max(most, count);
        }
        return most;
    }

    /// <summary>Whether two or more sources are held, counting <paramref name="source"/> (a query's) as one of them.</summary>
    private bool SeveralSources(string? source) =>
        _recordsOfSource.Count >= 2 || (_recordsOfSource.Count == 1 && source is not null && !_recordsOfSource.ContainsKey(source));

    /// <summary>Past this many records at one home the counts stop being kept exactly, as bulk linkage's do.</summary>
    private const int HomeCountCap = Households.CountCap;

    /// <summary>Every member of a home chain stamped with its current count (under the write lock).</summary>
    private void Restamp(ulong key, int kind)
    {
        if (key == 0 || !_homes.TryGet(key, out var chain)) return;
        var most = MostInOneSource(key, kind, null, -1);
        for (var slot = chain.Head; slot >= 0; slot = _homeNext[slot * 2 + kind])
        {
            var record = _slots[slot]!.Normalised;
            if (kind == 0) record.HouseholdSize = most; else record.NamesakesAtHome = most;
        }
    }

    /// <summary>
    /// Records that share a block key with the query under the chosen rules, each once (also across
    /// calls until <paramref name="fresh"/> is true again). Over-large blocks are searched only for
    /// members with the query's name initials, within the scan limit.
    /// </summary>
    /// <param name="loose">False: the rules that look for the same person; true: only the loose rules.</param>
    public void FindCandidates(NormalisedRecord query, RecordKey? exclude, List<IndexedRecord> into, bool loose = false, bool fresh = true)
    {
        var seen = _seen ??= [];
        if (fresh) seen.Clear();
        var secondary = CandidateGenerator.SecondaryKey(query);
        Span<ulong> parts = stackalloc ulong[BlockParts.Count];
        BlockParts.Hash(query, parts);
        _lock.EnterReadLock();
        try
        {
            var excluded = exclude is { } key && _slotOf.TryGetValue(key, out var self) ? self : -1;
            for (var r = 0; r < _ruleCount; r++)
            {
                if (_rules[r].Loose != loose) continue;
                var blockKey = _rules[r].Key(parts, r);
                if (blockKey == 0 || !_blocks.TryGet(blockKey, out var block)) continue;
                if (loose && _loosePlans[r].ByPieces) { TakePiece(PieceKey(blockKey, secondary), r, _loosePlans[r].PieceCap, excluded, seen, into); continue; }
                var oversized = block.Count > _options.MaxBlockSize;
                int taken = 0, scanned = 0;
                for (var slot = block.Head; slot >= 0 && taken < _options.MaxBlockSize && scanned < _options.ScanLimit; slot = _next[slot * _ruleCount + r])
                {
                    scanned++;
                    if (oversized && _secondary[slot] != secondary) continue;
                    taken++;
                    if (slot != excluded && seen.Add(slot)) into.Add(_slots[slot]!);
                }
            }
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>A record's block keys under every rule, and its name initials: what <see cref="AreCandidates"/> compares.</summary>
    public readonly record struct BlockKeys(ulong[] Keys, ushort Secondary);

    public BlockKeys KeysOf(NormalisedRecord record)
    {
        Span<ulong> parts = stackalloc ulong[BlockParts.Count];
        BlockParts.Hash(record, parts);
        var keys = new ulong[_ruleCount];
        for (var r = 0; r < _ruleCount; r++) keys[r] = _rules[r].Key(parts, r);
        return new BlockKeys(keys, CandidateGenerator.SecondaryKey(record));
    }

    /// <summary>
    /// Whether blocking would offer the two records to each other: they share a key under some rule, and
    /// where that rule's block is searched by name initials (an over-large block, a loose rule past its
    /// budget), their initials agree too. A rebuilt neighbourhood links only such pairs, as bulk linkage does.
    /// </summary>
    public bool AreCandidates(BlockKeys a, BlockKeys b)
    {
        _lock.EnterReadLock();
        try
        {
            for (var r = 0; r < _ruleCount; r++)
            {
                var key = a.Keys[r];
                if (key == 0 || key != b.Keys[r]) continue;
                var byInitials = (_rules[r].Loose && _loosePlans[r].ByPieces)
                    || (_blocks.TryGet(key, out var block) && block.Count > _options.MaxBlockSize);
                if (!byInitials || a.Secondary == b.Secondary) return true;
            }
            return false;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>The block's members with the query's initials, unless there are more than the cap: then none, as bulk skips such a piece.</summary>
    private void TakePiece(ulong pieceKey, int rule, int cap, int excluded, HashSet<int> seen, List<IndexedRecord> into)
    {
        if (!_pieces.TryGet(pieceKey, out var piece) || piece.Count > cap) return;
        var loose = _looseOf[rule];
        for (var slot = piece.Head; slot >= 0; slot = _pieceNext[slot * _looseCount + loose])
            if (slot != excluded && seen.Add(slot)) into.Add(_slots[slot]!);
    }

    /// <summary>A block key and name initials as one key; the rule is already in the block key.</summary>
    private static ulong PieceKey(ulong blockKey, ushort secondary) => (blockKey ^ (secondary * 0x9E3779B97F4A7C15UL)) | 1;

    /// <summary>
    /// Plans the loose rules again whenever the index has grown or shrunk by half since they were last
    /// planned: the budget and the pieces' sizes change with it.
    /// </summary>
    private void PlanLooseRulesIfGrown()
    {
        var count = _slotOf.Count;
        if (count >= _plannedAt / 2 && count <= _plannedAt + _plannedAt / 2) return;
        PlanLooseRules();
    }

    /// <summary>Sets each loose rule's plan from the blocks the index holds now (under the write lock).</summary>
    private void PlanLooseRules()
    {
        _plannedAt = Math.Max(1, _slotOf.Count);
        var budget = CandidateGenerator.LoosePairBudget(_slotOf.Count);
        for (var r = 0; r < _ruleCount; r++)
        {
            if (!_rules[r].Loose) continue;
            _loosePlans[r] = _rulePairs[r] <= budget
                ? new LoosePlan(false, _options.MaxBlockSize)
                : new LoosePlan(true, CandidateGenerator.PieceCapWithin(_piecesOfSize[_looseOf[r]], budget));
        }
    }

    private void AddLocked(IndexedRecord record)
    {
        var slot = _free.Count > 0 ? _free.Pop() : _highWater++;
        if (slot >= _slots.Length) Grow(_slots.Length * 2);
        _slots[slot] = record;
        _slotOf[record.Key] = slot;
        _secondary[slot] = CandidateGenerator.SecondaryKey(record.Normalised);
        Span<ulong> parts = stackalloc ulong[BlockParts.Count];
        BlockParts.Hash(record.Normalised, parts);
        for (var r = 0; r < _ruleCount; r++)
        {
            var key = _rules[r].Key(parts, r);
            if (key == 0) continue;
            _rulePairs[r] += Push(_blocks, key, _next, _ruleCount, r, slot);
            if (_looseOf[r] is var loose and >= 0)
            {
                var had = Push(_pieces, PieceKey(key, _secondary[slot]), _pieceNext, _looseCount, loose, slot);
                CountPiece(loose, had, had + 1);
            }
        }
        JoinPerson(record.PersonId, slot);
        JoinHome(record.Normalised, slot, record.Key.Source);
        _given.Add(record.Normalised.GivenName is { Length: > 1 } g ? g : null);
        _family.Add(record.Normalised.FamilyName);
    }

    private bool RemoveLocked(RecordKey key)
    {
        if (!_slotOf.Remove(key, out var slot)) return false;
        var record = _slots[slot]!;
        // A record's keys are worked out again from its normalised form rather than kept: removals are rare.
        Span<ulong> parts = stackalloc ulong[BlockParts.Count];
        BlockParts.Hash(record.Normalised, parts);
        for (var r = 0; r < _ruleCount; r++)
        {
            var blockKey = _rules[r].Key(parts, r);
            if (blockKey == 0) continue;
            Unchain(blockKey, slot, r);
            if (_looseOf[r] >= 0) UnchainPiece(PieceKey(blockKey, _secondary[slot]), slot, _looseOf[r]);
        }
        LeavePerson(record.PersonId, slot);
        LeaveHome(slot, record.Key.Source);
        _given.Remove(record.Normalised.GivenName is { Length: > 1 } g ? g : null);
        _family.Remove(record.Normalised.FamilyName);
        _slots[slot] = null;
        _free.Push(slot);
        return true;
    }

    private void Unchain(ulong blockKey, int slot, int rule) => _rulePairs[rule] -= Unlink(_blocks, blockKey, _next, _ruleCount, rule, slot) - 1;

    private void UnchainPiece(ulong pieceKey, int slot, int loose)
    {
        var had = Unlink(_pieces, pieceKey, _pieceNext, _looseCount, loose, slot);
        CountPiece(loose, had, had - 1);
    }

    /// <summary>A piece of a loose rule has gone from one size to another; pieces of one record hold no pairs and are not counted.</summary>
    private void CountPiece(int loose, int from, int to)
    {
        var ofSize = _piecesOfSize[loose];
        if (from >= 2 && from < ofSize.Length) ofSize[from]--;
        if (to >= 2 && to < ofSize.Length) ofSize[to]++;
    }

    /// <summary>Puts a slot at the head of its chain (blocks and pieces alike: one next slot per record and chain kind); the members it had before.</summary>
    private static int Push(ChainHeads heads, ulong key, int[] next, int stride, int offset, int slot)
    {
        ref var chain = ref heads.GetOrAdd(key, out var exists);
        next[slot * stride + offset] = exists ? chain.Head : -1;
        chain.Head = slot;
        return chain.Count++;
    }

    /// <summary>Takes a slot out of its chain, dropping the chain when it was the last; the members it had before.</summary>
    private static int Unlink(ChainHeads heads, ulong key, int[] next, int stride, int offset, int slot)
    {
        ref var chain = ref heads.Find(key);
        var had = chain.Count--;
        if (chain.Count == 0) { heads.Remove(key); return had; }
        var after = next[slot * stride + offset];
        if (chain.Head == slot) { chain.Head = after; return had; }
        var at = chain.Head;
        while (next[at * stride + offset] != slot) at = next[at * stride + offset];
        next[at * stride + offset] = after;
        return had;
    }

    private void JoinHome(NormalisedRecord record, int slot, string source)
    {
        ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(_recordsOfSource, source, out var known);
        held++;
        if (!known && _recordsOfSource.Count == 2) RestampAll();
        var home = record.HomeKey = Households.HomeKey(record);
        var nameHome = Households.NameHomeKey(record, home);
        _homeKeys[slot * 2] = home;
        _homeKeys[slot * 2 + 1] = nameHome;
        if (home == 0) { record.HouseholdSize = record.NamesakesAtHome = 0; return; }
        Push(_homes, home, _homeNext, 2, 0, slot);
        Restamp(home, 0);
        if (nameHome == 0) { record.NamesakesAtHome = 0; return; }
        Push(_homes, nameHome, _homeNext, 2, 1, slot);
        Restamp(nameHome, 1);
    }

    /// <summary>Every home's members stamped anew: the index has just come to hold two sources, or gone back to one.</summary>
    private void RestampAll()
    {
        foreach (var key in _homes.Keys())
            for (var kind = 0; kind < 2; kind++)
                if (_homes.TryGet(key, out var chain) && _homeKeys[chain.Head * 2 + kind] == key) Restamp(key, kind);
    }

    private void LeaveHome(int slot, string source)
    {
        if (--_recordsOfSource[source] == 0)
        {
            _recordsOfSource.Remove(source);
            if (_recordsOfSource.Count == 1) RestampAll();
        }
        for (var kind = 0; kind < 2; kind++)
        {
            var key = _homeKeys[slot * 2 + kind];
            if (key == 0) continue;
            Unlink(_homes, key, _homeNext, 2, kind, slot);
            Restamp(key, kind);
            _homeKeys[slot * 2 + kind] = 0;
        }
    }

    /// <summary>Appends the slot to its person's chain: a person holds a handful of records, so the walk to the end is short.</summary>
    private void JoinPerson(string personId, int slot)
    {
        _personNext[slot] = -1;
        ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(_members, personId, out var known);
        if (!known) { head = slot; return; }
        var last = head;
        while (_personNext[last] >= 0) last = _personNext[last];
        _personNext[last] = slot;
    }

    private void LeavePerson(string personId, int slot)
    {
        if (!_members.TryGetValue(personId, out var head)) return;
        if (head == slot)
        {
            if (_personNext[slot] < 0) _members.Remove(personId); else _members[personId] = _personNext[slot];
            return;
        }
        var at = head;
        while (_personNext[at] >= 0 && _personNext[at] != slot) at = _personNext[at];
        if (_personNext[at] == slot) _personNext[at] = _personNext[slot];
    }

    private void Grow(int capacity)
    {
        Array.Resize(ref _slots, capacity);
        Array.Resize(ref _next, capacity * _ruleCount);
        Array.Resize(ref _pieceNext, capacity * _looseCount);
        Array.Resize(ref _secondary, capacity);
        Array.Resize(ref _homeKeys, capacity * 2);
        Array.Resize(ref _homeNext, capacity * 2);
        Array.Resize(ref _personNext, capacity);
    }

    /// <summary>Name counts for term-frequency adjustment. Below a thousand names the shares mean nothing
    /// (in an index of two records every name is "common"), so no adjustment is made until then.</summary>
    private sealed class NameCounts
    {
        private const long MinimumNames = 1000;

        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private long _total;

        public void Add(string? name)
        {
            if (name is null) return;
            CollectionsMarshal.GetValueRefOrAddDefault(_counts, name, out _)++;
            _total++;
        }

        public void Remove(string? name)
        {
            if (name is null || !_counts.TryGetValue(name, out var count)) return;
            if (count == 1) _counts.Remove(name); else _counts[name] = count - 1;
            _total--;
        }

        /// <summary>Enough names are counted for their shares to mean something.</summary>
        public bool Counted => _total >= MinimumNames;

        public float FrequencyOf(string? name) =>
            name is not null && Counted && _counts.TryGetValue(name, out var count) ? (float)((double)count / _total) : 0;
    }
}
