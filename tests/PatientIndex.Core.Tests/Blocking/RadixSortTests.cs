using PatientIndex.Core.Blocking;

namespace PatientIndex.Core.Tests.Blocking;

public class RadixSortTests
{
    [Fact]
    public void keys_come_out_in_order_with_equal_keys_keeping_their_records_in_input_order()
    {
        var random = new Random(7);
        // Few distinct keys, so many records share one; some differ only in the top byte.
        var distinct = Enumerable.Range(0, 50).Select(_ => (ulong)random.NextInt64() | ((ulong)random.Next(4) << 62)).ToArray();
        var keys = Enumerable.Range(0, 20_000).Select(_ => distinct[random.Next(distinct.Length)]).ToArray();
        var items = Enumerable.Range(0, keys.Length).ToArray();
        var expected = items.OrderBy(i => keys[i]).ToArray();

        RadixSort.Sort(keys, items);

        Assert.Equal(expected, items);
        Assert.True(keys.Zip(keys.Skip(1)).All(p => p.First <= p.Second));
    }
}
