using System.Runtime;

namespace PatientIndex.Cli.Commands;

/// <summary>
/// Holds off garbage collection for the rest of a bulk run, up to an allowance per record. Once the
/// records are normalised, what a run allocates is mostly arrays that live to its end (block keys,
/// candidate pairs, comparisons, links, output text); a full collection part-way marks the million
/// records again and frees little. On Splink's 1M file the collections after normalising paused the
/// run for 0.4 s; held off, none happen. Past the allowance (a larger extract than the allowance
/// covers) the runtime ends the hold itself and collects as usual.
/// </summary>
internal sealed class CollectionHold : IDisposable
{
    private const long BytesPerRecord = 1024;
    private const long SmallestWorthHolding = 16L << 20;
    /// <summary>
    /// The runtime accepts a hold far larger than the machine's memory and then fails in its own ways
    /// (a hold of 50 GB crashes the workstation collector), so a hold never asks for more than this, nor
    /// for more than an eighth of the memory the process may use.
    /// </summary>
    private const long LargestHold = 4L << 30;
    private readonly bool _holding;

    private CollectionHold(bool holding) => _holding = holding;

    public static CollectionHold ForRestOfRun(int records)
    {
        var allowance = Math.Min(Math.Min(LargestHold, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 8),
            Math.Max(SmallestWorthHolding, records * BytesPerRecord));
        try
        {
            // Never a full blocking collection just to start holding: that would cost what holding saves.
            return new CollectionHold(GC.TryStartNoGCRegion(allowance, disallowFullBlockingGC: true));
        }
        catch (ArgumentOutOfRangeException)
        {
            return new CollectionHold(false); // more than the runtime will set aside at once: collect as usual
        }
        catch (InvalidOperationException)
        {
            return new CollectionHold(false); // another run in this process holds already (runs inside tests)
        }
    }

    public void Dispose()
    {
        if (!_holding || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try { GC.EndNoGCRegion(); }
        catch (InvalidOperationException) { } // the hold had ended itself meanwhile: nothing to end
    }
}
