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
        var homes = new Counts();
        var names = new Counts();
        for (var i = 0; i < records.Count; i++)
        {
            homes.Add(sourceOf[i], keys[i].Home);
            names.Add(sourceOf[i], keys[i].Name);
        }
        ParallelChunks.For(records.Count, 65536, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                records[i].HomeKey = keys[i].Home;
                records[i].HouseholdSize = homes.MostInOneSource(keys[i].Home);
                records[i].NamesakesAtHome = names.MostInOneSource(keys[i].Name);
            }
        });
    }

    private sealed class Counts
    {
        private readonly Dictionary<(int Source, ulong Key), int> _bySource = [];
        private readonly Dictionary<ulong, int> _most = [];

        public void Add(int source, ulong key)
        {
            if (key == 0) return;
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_bySource, (source, key), out _);
            count++;
            ref var most = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_most, key, out _);
            most = Math.Max(most, count);
        }

        public int MostInOneSource(ulong key) => key == 0 ? 0 : _most.GetValueOrDefault(key);
    }
}
