using CsCheck;
using PatientIndex.Core.Matching;

namespace PatientIndex.Core.Tests.Matching;

public class ChainHeadsProperties
{
    /// <summary>An addition (with the head it sets) or a removal, of a key from a small set so that keys collide and come back.</summary>
    private static readonly Gen<(bool Add, ulong Key, int Head)> Operation =
        Gen.Select(Gen.Int[0, 99], Gen.Int[1, 300], Gen.Int[0, 1_000_000], (kind, key, head) =>
            (kind < 65, (ulong)key * 0x2545F4914F6CDD1DUL | 1, head));

    [Fact]
    public void it_holds_what_a_dictionary_holds_through_any_additions_and_removals()
    {
        Operation.Array[0, 2000].Sample(operations =>
        {
            var heads = new ChainHeads();
            var expected = new Dictionary<ulong, (int Head, int Count)>();
            foreach (var (add, key, head) in operations)
            {
                if (add)
                {
                    ref var entry = ref heads.GetOrAdd(key, out var exists);
                    Assert.Equal(expected.ContainsKey(key), exists);
                    entry.Head = head;
                    entry.Count++;
                    expected[key] = (head, expected.TryGetValue(key, out var was) ? was.Count + 1 : 1);
                }
                else Assert.Equal(expected.Remove(key), heads.Remove(key));
            }
            Assert.Equal(expected.Count, heads.Count);
            Assert.Equal(expected.Keys.Order(), heads.Keys().Order());
            foreach (var (key, (head, count)) in expected)
            {
                Assert.True(heads.TryGet(key, out var entry));
                Assert.Equal((head, count), (entry.Head, entry.Count));
            }
            for (ulong missing = 2; missing < 40; missing += 2) Assert.False(heads.TryGet(missing, out _));
        });
    }
}
