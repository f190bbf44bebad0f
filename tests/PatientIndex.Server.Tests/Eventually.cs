using System.Diagnostics;

namespace PatientIndex.Server.Tests;

/// <summary>Waits for a condition to hold, checking it again and again within a bound; fails the test if it never does.</summary>
public static class Eventually
{
    public static async Task Async(Func<Task<bool>> condition, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > bound) Assert.Fail($"the condition did not hold within {bound}");
            await Task.Delay(50);
        }
    }
}
