using PatientIndex.Core.Linkage;

namespace PatientIndex.Core.Tests.Linkage;

public class StrongestFirstTests
{
    [Fact]
    public void pairs_come_highest_probability_first_then_by_their_records()
    {
        var random = new Random(11);
        // Few distinct probabilities (many links score 1.0), records drawn so that some pairs share a left record.
        double[] probabilities = [1.0, 0.999, 0.99, 0.5, 0.0, 0.95];
        var pairs = Enumerable.Range(0, 5_000)
            .Select(_ => (Probability: probabilities[random.Next(probabilities.Length)], Left: random.Next(300), Right: random.Next(1_000_000)))
            .ToArray();
        var expected = Enumerable.Range(0, pairs.Length)
            .OrderByDescending(i => pairs[i].Probability).ThenBy(i => pairs[i].Left).ThenBy(i => pairs[i].Right).ThenBy(i => i)
            .ToArray();

        Assert.Equal(expected, StrongestFirst.Order(pairs.Length, i => pairs[i]));
    }
}
