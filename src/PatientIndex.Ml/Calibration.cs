using System.Text.Json.Serialization;

namespace PatientIndex.Ml;

/// <summary>
/// Maps the trees' raw score (margin) to a probability that means what it says: of pairs given 0.99,
/// 99 in 100 are one person. Fitted on a held-out split, never on the pairs the trees learnt from.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PlattCalibration), "platt")]
[JsonDerivedType(typeof(IsotonicCalibration), "isotonic")]
public abstract record Calibration
{
    public abstract double Probability(double margin);

    /// <summary>Log-odds in bits, bounded so a probability of exactly 0 or 1 stays finite.</summary>
    public double Bits(double margin)
    {
        var p = Math.Clamp(Probability(margin), 1e-9, 1 - 1e-9);
        return Math.Log2(p / (1 - p));
    }

    /// <summary>
    /// Bits of evidence per unit of margin between two margins: turns the trees' contributions (in margin
    /// units, measured from <paramref name="from"/>) into bits, so they add up to the calibrated log-odds change.
    /// </summary>
    public double BitsPerMarginUnit(double from, double to)
    {
        if (Math.Abs(to - from) < 1e-3) (from, to) = (to - 0.5, to + 0.5);
        return (Bits(to) - Bits(from)) / (to - from);
    }
}
