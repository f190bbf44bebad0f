using PatientIndex.Core.Blocking;
using PatientIndex.Core.Records;

namespace PatientIndex.Core.Linkage;

/// <summary>
/// What one source says about a home: how many of its records share a family name (by sound) and an
/// address, and how many share the given name too. A source holds each of its patients about once, so
/// three Hillegas records at one address in one source are three people, and a pair that agrees only
/// on that surname and home is likelier siblings than one person; two records of one name at one home in
/// one source are a parent and child of one name (or a duplicate the source holds). The model reads these
/// counts beside the comparisons, so the data itself says how often a name and a home are enough.
/// </summary>
public static class Households
{
    /// <summary>The home key of a record: family name by sound with the address and postcode; 0 without a family name or an address and postcode.</summary>
    public static ulong HomeKey(NormalisedRecord r) =>
        string.IsNullOrEmpty(r.FamilyNamePhonetic) || (r.Address is null && r.Postcode is null) ? 0
            : BlockKey.Start(0).With(r.FamilyNamePhonetic).With(r.Address ?? "-").With(r.Postcode?.Value ?? "-").Value;

    /// <summary>
    /// The home key with the given name as written (normalised); 0 without a given name or with an initial only.
    /// Not by sound: twins are often named alike (Jack and Joshua share a Soundex code), and they are not namesakes.
    /// </summary>
    public static ulong NameHomeKey(NormalisedRecord r, ulong home) =>
        home == 0 || r.GivenName is not { Length: > 1 } given ? 0 : BlockKey.Start(1).With(home).With(given).Value;

    /// <summary>
    /// Stamps each record with its home's size and its namesakes at home, the most any one source holds. An extract
    /// of one source says nothing of homes: a source deduplicated against itself holds its own duplicates at each
    /// home, so there every record is stamped as having no counts.
    /// </summary>
    public static void Stamp(IReadOnlyList<NormalisedRecord> records)
    {
        var sourceOf = new int[records.Count];
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            ref var id = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sources, records[i].Source, out var seen);
            if (!seen) id = sources.Count - 1;
            sourceOf[i] = id;
        }
        var keys = new (ulong Home, ulong Name)[records.Count];
        ParallelChunks.For(records.Count, 65536, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var home = sources.Count < 2 ? 0 : HomeKey(records[i]);
                keys[i] = (home, NameHomeKey(records[i], home));
            }
        });
        var homes = MostInOneSource(keys.Select(k => k.Home).ToArray(), sourceOf);
        var names = MostInOneSource(keys.Select(k => k.Name).ToArray(), sourceOf);
        ParallelChunks.For(records.Count, 65536, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                records[i].HomeKey = keys[i].Home;
                records[i].HouseholdSize = homes[i];
                records[i].NamesakesAtHome = names[i];
            }
        });
    }

    /// <summary>
    /// Per record, the most records sharing its key that any one source holds (0 for no key): the records sorted by
    /// key, each run of one key counted by source. A sort of flat arrays, not a table per key, since nearly every key
    /// is a home of one or two records.
    /// </summary>
    private static int[] MostInOneSource(ulong[] keyOf, int[] sourceOf)
    {
        var most = new int[keyOf.Length];
        var order = Enumerable.Range(0, keyOf.Length).Where(i => keyOf[i] != 0).ToArray();
        var sorted = order.Select(i => keyOf[i]).ToArray();
        Array.Sort(sorted, order);
        for (int start = 0, end; start < sorted.Length; start = end)
        {
            for (end = start + 1; end < sorted.Length && sorted[end] == sorted[start]; end++) { }
            var count = MostOfOneSource(order.AsSpan(start, end - start), sourceOf);
            for (var k = start; k < end; k++) most[order[k]] = count;
        }
        return most;
    }

    /// <summary>The most a count is kept to (a pair carries at most 255); the service's index stops at the same.</summary>
    public const int CountCap = 255;

    private static int MostOfOneSource(ReadOnlySpan<int> members, int[] sourceOf)
    {
        if (members.Length == 1) return 1;
        // As the service's index does: past this many records at one home the counts stop being kept exactly.
        if (members.Length >= CountCap) return CountCap;
        var most = 0;
        foreach (var a in members)
        {
            var count = 0;
            foreach (var b in members) if (sourceOf[b] == sourceOf[a]) count++;
            most = Math.Max(most, count);
            if (most == members.Length) break;
        }
        return most;
    }
}
