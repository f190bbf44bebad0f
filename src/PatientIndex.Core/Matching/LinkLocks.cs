using PatientIndex.Core.Blocking;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Matching;

/// <summary>
/// What a membership decision must be serialised on across replicas: the record itself, and each
/// identity block key it has. Two records of one new patient that could link share at least one
/// identity key, so while one replica decides the first, the other waits, then sees it. The loose
/// rules are left out: they are broad (a birth date alone) and would serialise unrelated patients.
/// </summary>
public static class LinkLocks
{
    private const int RecordRule = -1;

    public static void AddKeysOf(RecordKey key, NormalisedRecord? record, IReadOnlyList<BlockingRule> rules, ISet<long> into)
    {
        into.Add(unchecked((long)BlockKey.Start(RecordRule).With(key.Source).With(key.RecordId).Value));
        if (record is null) return;
        Span<ulong> parts = stackalloc ulong[BlockParts.Count];
        BlockParts.Hash(record, parts);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].Loose) continue;
            var value = rules[i].Key(parts, i);
            if (value != 0) into.Add(unchecked((long)value));
        }
    }
}
