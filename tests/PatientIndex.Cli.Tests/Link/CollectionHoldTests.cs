using System.Runtime;
using PatientIndex.Cli.Commands;

namespace PatientIndex.Cli.Tests.Link;

public class CollectionHoldTests
{
    [Fact]
    public void a_hold_ends_when_the_run_ends_and_a_second_hold_meanwhile_just_collects_as_usual()
    {
        using (var first = CollectionHold.ForCsvRun(100_000))
        {
            using var second = CollectionHold.ForCsvRun(100_000);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void a_hold_for_more_input_than_memory_allows_is_capped_rather_than_crashing_the_runtime()
    {
        using (CollectionHold.AfterReading(int.MaxValue)) { }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
