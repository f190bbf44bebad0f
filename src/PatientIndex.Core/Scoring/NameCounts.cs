namespace PatientIndex.Core.Scoring;

/// <summary>
/// How often each given and family name occurred among the records a model was learnt from: the shares
/// bulk linkage adjusts exact name agreements by. The service's index counts its own names, and reads
/// these until it holds enough names for its own counts to mean anything, so a record decided early is
/// decided as bulk linkage decided it.
/// </summary>
public sealed record NameCounts(IReadOnlyDictionary<string, int> Given, long GivenTotal, IReadOnlyDictionary<string, int> Family, long FamilyTotal)
{
    /// <summary>The most common names kept of each kind when a model is saved: the rest count as seen once.</summary>
    public const int Kept = 20_000;

    public float GivenFrequency(string? name) => Frequency(Given, GivenTotal, name);

    public float FamilyFrequency(string? name) => Frequency(Family, FamilyTotal, name);

    /// <summary>A name's share of the names counted; one it does not hold counts as seen once, as the rarest kept ones were.</summary>
    private static float Frequency(IReadOnlyDictionary<string, int> counts, long total, string? name) =>
        name is null || total == 0 ? 0 : (float)((double)(counts.TryGetValue(name, out var count) ? count : 1) / total);

    /// <summary>Only the <paramref name="kept"/> most common names of each kind (the totals unchanged).</summary>
    public NameCounts MostCommon(int kept = Kept) => new(Top(Given, kept), GivenTotal, Top(Family, kept), FamilyTotal);

    private static Dictionary<string, int> Top(IReadOnlyDictionary<string, int> counts, int kept) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(kept).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
}
