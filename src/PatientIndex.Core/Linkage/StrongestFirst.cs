using PatientIndex.Core.Blocking;

namespace PatientIndex.Core.Linkage;

/// <summary>Pairs ordered by probability, highest first, then by their records: the same order on every run.</summary>
public static class StrongestFirst
{
    /// <summary>The positions 0..count-1 in that order, <paramref name="pairAt"/> giving each position's pair.</summary>
    public static int[] Order(int count, Func<int, (double Probability, int Left, int Right)> pairAt)
    {
        // Two stable radix sorts, records then probability, instead of one comparison sort: a million
        // links are ordered in a few tens of milliseconds rather than most of a second.
        var byRecords = new ulong[count];
        var byProbability = new ulong[count];
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            var (probability, left, right) = pairAt(i);
            byRecords[i] = (ulong)(uint)left << 32 | (uint)right;
            // Bit patterns of non-negative doubles sort as their values; complemented, highest first.
            byProbability[i] = ~BitConverter.DoubleToUInt64Bits(Math.Max(probability, 0));
            order[i] = i;
        }
        RadixSort.Sort(byRecords, order);
        var probabilities = byRecords; // sorted and done with: reused for the probabilities in that order
        for (var i = 0; i < count; i++) probabilities[i] = byProbability[order[i]];
        RadixSort.Sort(probabilities, order);
        return order;
    }
}
