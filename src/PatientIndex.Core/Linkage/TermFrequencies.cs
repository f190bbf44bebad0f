using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Core.Linkage;

/// <summary>Counts how common each given and family name is among the records, and stamps each record with its own names' frequencies.</summary>
public static class TermFrequencies
{
    public static TermFrequencyAdjustment Apply(IReadOnlyList<NormalisedRecord> records, double scale)
    {
        var given = Frequencies(records, r => r.GivenName is { Length: > 1 } g ? g : null, out var givenAverage);
        var family = Frequencies(records, r => r.FamilyName, out var familyAverage);
        foreach (var r in records)
        {
            r.GivenNameFrequency = r.GivenName is { } g && given.TryGetValue(g, out var fg) ? fg : 0;
            r.FamilyNameFrequency = r.FamilyName is { } f && family.TryGetValue(f, out var ff) ? ff : 0;
        }
        return new TermFrequencyAdjustment(givenAverage, familyAverage, scale);
    }

    private static Dictionary<string, float> Frequencies(IReadOnlyList<NormalisedRecord> records, Func<NormalisedRecord, string?> value, out double average)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var r in records)
        {
            if (value(r) is not { } v) continue;
            counts[v] = counts.GetValueOrDefault(v) + 1;
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
