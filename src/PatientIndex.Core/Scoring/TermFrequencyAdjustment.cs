namespace PatientIndex.Core.Scoring;

/// <summary>
/// How much an exact agreement on a particular name is worth beyond the average exact agreement:
/// log2(average frequency / this name's frequency), scaled and bounded. The average is the chance
/// that two random records share a name (Σ f²) — the u of "exact" if every name were equally common.
/// </summary>
public sealed record TermFrequencyAdjustment(double GivenNameAverage, double FamilyNameAverage, double Scale = 1.0, double MaxBonus = 6, double MaxPenalty = 4)
{
    public static TermFrequencyAdjustment None { get; } = new(0, 0, 0);

    /// <summary>The name counts the averages were taken from, where they are known (a model learnt on a run).</summary>
    public NameCounts? Names { get; init; }

    public float ForGivenName(float frequency) => Bits(GivenNameAverage, frequency);
    public float ForFamilyName(float frequency) => Bits(FamilyNameAverage, frequency);

    private float Bits(double average, float frequency)
    {
        if (Scale == 0 || frequency <= 0 || average <= 0) return 0;
        var bits = Scale * Math.Log2(average / frequency);
        return (float)Math.Clamp(bits, -MaxPenalty, MaxBonus);
    }
}
