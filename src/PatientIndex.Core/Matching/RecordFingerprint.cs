using PatientIndex.Core.Records;

namespace PatientIndex.Core.Matching;

/// <summary>
/// A 64-bit FNV-1a hash of every raw field of a source record, so the index can tell a re-sent
/// record from a changed one without keeping the raw text of a million records in memory.
/// </summary>
public static class RecordFingerprint
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(SourceRecord record)
    {
        var hash = Offset;
        foreach (var field in CanonicalFields.All)
        {
            if (record[field] is { } value)
                foreach (var c in value) hash = Mix(Mix(hash, (byte)c), (byte)(c >> 8));
            else hash = Mix(hash, 0xFE); // null differs from ""
            hash = Mix(hash, 0xFF);
        }
        return hash;
    }

    private static ulong Mix(ulong hash, byte value) => (hash ^ value) * Prime;
}
