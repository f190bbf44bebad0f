using System.Runtime.CompilerServices;

namespace PatientIndex.Core.Matching;

/// <summary>
/// Block key → the head of its chain and how many records the chain holds, for the candidate index. An open-addressed
/// table of 16-byte entries probed in line: a million records hold some ten million keys, most of them held by one
/// record, and a general dictionary spends half as much again on each (a bucket array besides its entries, and room
/// for twice the entries after each doubling) and two cache misses on each look-up where this spends one.
/// </summary>
/// <remarks>Keys are hashes and never 0, which marks an empty entry. Not thread-safe: the index's lock guards it.</remarks>
internal sealed class ChainHeads
{
    private const double MaxLoad = 0.75;

    internal struct Entry
    {
        public ulong Key;
        public int Head;
        public int Count;
    }

    private Entry[] _entries;
    private int _growAt;

    public ChainHeads() => _entries = Allocate(16, out _growAt);

    public int Count { get; private set; }

    public bool TryGet(ulong key, out Entry entry)
    {
        ref var found = ref Find(key);
        if (Unsafe.IsNullRef(ref found)) { entry = default; return false; }
        entry = found;
        return true;
    }

    /// <summary>The key's entry, or a null reference when the key is not held.</summary>
    public ref Entry Find(ulong key)
    {
        var entries = _entries;
        for (var i = Home(key, entries.Length); ; i = Next(i, entries.Length))
        {
            ref var entry = ref entries[i];
            if (entry.Key == key) return ref entry;
            if (entry.Key == 0) return ref Unsafe.NullRef<Entry>();
        }
    }

    /// <summary>The key's entry, added empty (head and count 0) when it was not held. Valid until the next addition.</summary>
    public ref Entry GetOrAdd(ulong key, out bool exists)
    {
        if (key == 0) throw new ArgumentOutOfRangeException(nameof(key), "0 marks an empty entry");
        if (Count >= _growAt) Resize((int)Math.Min(Array.MaxLength, _entries.Length * 1.5 + 1));
        var entries = _entries;
        for (var i = Home(key, entries.Length); ; i = Next(i, entries.Length))
        {
            ref var entry = ref entries[i];
            if (entry.Key == key) { exists = true; return ref entry; }
            if (entry.Key != 0) continue;
            entry.Key = key;
            Count++;
            exists = false;
            return ref entry;
        }
    }

    /// <summary>Drops the key, moving back the entries probed past it so that no look-up stops short at the gap.</summary>
    public bool Remove(ulong key)
    {
        var entries = _entries;
        var hole = Home(key, entries.Length);
        while (entries[hole].Key != key)
        {
            if (entries[hole].Key == 0) return false;
            hole = Next(hole, entries.Length);
        }
        for (var j = Next(hole, entries.Length); entries[j].Key != 0; j = Next(j, entries.Length))
        {
            var home = Home(entries[j].Key, entries.Length);
            if (Distance(home, j, entries.Length) < Distance(hole, j, entries.Length)) continue;
            entries[hole] = entries[j];
            hole = j;
        }
        entries[hole] = default;
        Count--;
        return true;
    }

    /// <summary>The keys held now, copied: the table may change while they are visited.</summary>
    public List<ulong> Keys()
    {
        var keys = new List<ulong>(Count);
        foreach (var entry in _entries) if (entry.Key != 0) keys.Add(entry.Key);
        return keys;
    }

    private void Resize(int capacity)
    {
        var old = _entries;
        _entries = Allocate(capacity, out _growAt);
        Count = 0;
        foreach (var entry in old)
        {
            if (entry.Key == 0) continue;
            ref var moved = ref GetOrAdd(entry.Key, out _);
            moved = entry;
        }
    }

    private static Entry[] Allocate(int capacity, out int growAt)
    {
        capacity = Math.Max(capacity, 16);
        growAt = (int)(capacity * MaxLoad);
        return new Entry[capacity];
    }

    /// <summary>Where a key's probe starts: its hash mixed, then scaled onto the table (any size, not only powers of two).</summary>
    private static int Home(ulong key, int length) => (int)(((key * 0x9E3779B97F4A7C15UL) >> 32) * (ulong)length >> 32);

    private static int Next(int i, int length) => i + 1 == length ? 0 : i + 1;

    private static int Distance(int from, int to, int length) => to >= from ? to - from : to + length - from;
}
