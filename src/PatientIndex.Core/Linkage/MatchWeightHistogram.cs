using System.Collections.Concurrent;

namespace PatientIndex.Core.Linkage;

/// <summary>
/// How a run's candidate pairs spread over match weight (log2 of the odds of their probability), in bins one
/// bit wide: the picture Splink users look at first, a valley between the non-matches and the matches that
/// the thresholds should sit in. Pairs the engine dismissed by a bound below review are counted at that bound,
/// as they were never scored.
/// </summary>
/// <param name="Counts">Pairs per bin; bin <c>i</c> holds weights in [<see cref="LowestWeight"/> + i, + i + 1), the ends open.</param>
public sealed record MatchWeightHistogram(long[] Counts)
{
    public const int LowestWeight = -40;
    public const int HighestWeight = 40;
    public const int Bins = HighestWeight - LowestWeight;

    public long Pairs => Counts.Sum();

    /// <summary>Lower edge of bin <paramref name="bin"/>, in bits.</summary>
    public static int EdgeOf(int bin) => LowestWeight + bin;

    /// <summary>Log2 odds of <paramref name="probability"/>, held within the histogram's range (a probability of 1 has infinite odds).</summary>
    public static double Weight(double probability) =>
        Math.Clamp(Math.Log2(probability / (1 - probability)), LowestWeight, HighestWeight);

    public static int BinOf(double probability)
    {
        var weight = Weight(probability);
        return double.IsNaN(weight) ? 0 : Math.Min((int)Math.Floor(weight) - LowestWeight, Bins - 1);
    }

    public static MatchWeightHistogram Of(double[] probabilities)
    {
        var partials = new ConcurrentBag<long[]>();
        ParallelChunks.For(probabilities.Length, 65536, (from, to) =>
        {
            var local = new long[Bins];
            for (var i = from; i < to; i++) local[BinOf(probabilities[i])]++;
            partials.Add(local);
        });
        var counts = new long[Bins];
        foreach (var partial in partials)
            for (var b = 0; b < Bins; b++) counts[b] += partial[b];
        return new MatchWeightHistogram(counts);
    }
}
