using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Core.Linkage;

/// <summary>Counts how common each given and family name is among the records, and stamps each record with its own names' frequencies.</summary>
public static class TermFrequencies
{
    public static TermFrequencyAdjustment Apply(IReadOnlyList<NormalisedRecord> records, double scale)
    {
        var givenCounted = Task.Run(() => Frequencies(records, r => r.GivenName is { Length: > 1 } g ? g : null));
        var family = Frequencies(records, r => r.FamilyName);
        var given = givenCounted.Result;
        ParallelChunks.For(records.Count, 65536, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                records[i].GivenNameFrequency = given.Of(i);
                records[i].FamilyNameFrequency = family.Of(i);
            }
        });
        return new TermFrequencyAdjustment(given.Average, family.Average, scale)
        {
            Names = new NameCounts(given.Counts(), given.Total, family.Counts(), family.Total),
        };
    }

    /// <summary>
    /// Each record's value's share of the records that have one, and the average share (Σ f²). Each
    /// record remembers which value it has, so its share is read back without hashing its name again.
    /// </summary>
    private static Shares Frequencies(IReadOnlyList<NormalisedRecord> records, Func<NormalisedRecord, string?> value)
    {
        var valueAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = new List<int>();
        var valueOf = new int[records.Count];
        var total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (value(records[i]) is not { } v) { valueOf[i] = -1; continue; }
            ref var at = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(valueAt, v, out var seen);
            if (!seen) { at = counts.Count; counts.Add(0); }
            counts[at]++;
            valueOf[i] = at;
            total++;
        }
        var shares = new float[counts.Count];
        var average = 0.0;
        for (var v = 0; v < counts.Count; v++)
        {
            var share = (double)counts[v] / total;
            average += share * share;
            shares[v] = (float)share;
        }
        return new Shares(valueOf, shares, average, valueAt, counts, total);
    }

    private sealed record Shares(int[] ValueOf, float[] ShareOfValue, double Average, Dictionary<string, int> ValueAt, List<int> CountOfValue, long Total)
    {
        public float Of(int record) => ValueOf[record] < 0 ? 0 : ShareOfValue[ValueOf[record]];

        public Dictionary<string, int> Counts() => ValueAt.ToDictionary(v => v.Key, v => CountOfValue[v.Value], StringComparer.Ordinal);
    }
}
