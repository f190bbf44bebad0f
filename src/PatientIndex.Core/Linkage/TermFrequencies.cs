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
                var r = records[i];
                r.GivenNameFrequency = r.GivenName is { } g && given.Of.TryGetValue(g, out var fg) ? fg : 0;
                r.FamilyNameFrequency = r.FamilyName is { } f && family.Of.TryGetValue(f, out var ff) ? ff : 0;
            }
        });
        return new TermFrequencyAdjustment(given.Average, family.Average, scale);
    }

    /// <returns>Each value's share of the records that have one, and the average share (Σ f²).</returns>
    private static (Dictionary<string, float> Of, double Average) Frequencies(IReadOnlyList<NormalisedRecord> records, Func<NormalisedRecord, string?> value)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (value(records[i]) is not { } v) continue;
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, v, out _)++;
            total++;
        }
        var average = 0.0;
        var frequencies = new Dictionary<string, float>(counts.Count, StringComparer.Ordinal);
        foreach (var (v, count) in counts)
        {
            var f = (double)count / total;
            average += f * f;
            frequencies[v] = (float)f;
        }
        return (frequencies, average);
    }
}
