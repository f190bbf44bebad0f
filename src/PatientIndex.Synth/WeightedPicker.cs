namespace PatientIndex.Synth;

/// <summary>Draws items with fixed relative weights (cumulative table + binary search).</summary>
internal sealed class WeightedPicker<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public WeightedPicker(T[] items, double[] weights)
    {
        if (items.Length == 0 || items.Length != weights.Length)
            throw new ArgumentException("Items and weights must be non-empty and the same length.");
        _items = items;
        _cumulative = new double[weights.Length];
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            _cumulative[i] = total;
        }
    }

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    /// <summary>
    /// Zipf-like weights, <c>1 / (rank + offset)</c>: the list is read as most common first.
    /// The offset flattens the head so the first name is common but does not dominate
    /// (Smith is about 1.3% of people in England, not 15%). Only basic arithmetic, no <c>Math.Pow</c>,
    /// so the weights, and so the output, are bit-for-bit the same on every platform.
    /// </summary>
    public static WeightedPicker<T> Zipf(T[] itemsMostCommonFirst, double offset)
    {
        var weights = new double[itemsMostCommonFirst.Length];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = 1.0 / (i + 1 + offset);
        return new WeightedPicker<T>(itemsMostCommonFirst, weights);
    }

    public T Pick(Random random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        if (index < 0) index = ~index;
        return _items[Math.Min(index, _items.Length - 1)];
    }
}
