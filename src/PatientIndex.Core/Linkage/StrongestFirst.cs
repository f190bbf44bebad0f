namespace PatientIndex.Core.Linkage;

/// <summary>Pairs ordered by probability, highest first, then by their records: the same order on every run.</summary>
public static class StrongestFirst
{
    /// <summary>The positions 0..count-1 in that order, <paramref name="pairAt"/> giving each position's pair.</summary>
    public static int[] Order(int count, Func<int, (double Probability, int Left, int Right)> pairAt)
    {
        var keys = new Key[count];
        for (var i = 0; i < count; i++)
        {
            var (probability, left, right) = pairAt(i);
            keys[i] = new Key(probability, left, right, i);
        }
        Array.Sort(keys);
        var order = new int[count];
        for (var i = 0; i < count; i++) order[i] = keys[i].Position;
        return order;
    }

    private readonly record struct Key(double Probability, int Left, int Right, int Position) : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            var byProbability = other.Probability.CompareTo(Probability);
            if (byProbability != 0) return byProbability;
            if (Left != other.Left) return Left.CompareTo(other.Left);
            return Right != other.Right ? Right.CompareTo(other.Right) : Position.CompareTo(other.Position);
        }
    }
}
