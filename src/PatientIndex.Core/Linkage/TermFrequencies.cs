using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Core.Linkage;

/// <summary>Counts how common each given and family name is among the records, and stamps each record with its own names' frequencies.</summary>
public static class TermFrequencies
{
    public static TermFrequencyAdjustment Apply(IReadOnlyList<NormalisedRecord> records, double scale)
    {
        Dictionary<string, float> given = null!, family = null!;
        double givenAverage = 0, familyAverage = 0;
        Parallel.Invoke(
            () => given = Frequencies(records, r => r.GivenName is { Length: > 1 } g ? g : null, out givenAverage),
            () => family = Frequencies(records, r => r.FamilyName, out familyAverage));
        ParallelChunks.For(records.Count, 65536, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var r = records[i];
                r.GivenNameFrequency = r.GivenName is { } g && given.TryGetValue(g, out var fg) ? fg : 0;
                r.FamilyNameFrequency = r.FamilyName is { } f && family.TryGetValue(f, out var ff) ? ff : 0;
            }
        });
        return new TermFrequencyAdjustment(givenAverage, familyAverage, scale);
    }

    private static Dictionary<string, float> Frequencies(IReadOnlyList<NormalisedRecord> records, Func<NormalisedRecord, string?> value, out double average)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (value(records[i]) is not { } v) continue;
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, v, out _)++;
            total++;
        }
        average = 0;
        var frequencies = new Dictionary<string, float>(counts.Count, StringComparer.Ordinal);
        foreach (var (v, count) in counts)
        {
            var f = (double)count / total;
            average += f * f;
            frequencies[v] = (float)f;
        }
        return frequencies;
    }
}
