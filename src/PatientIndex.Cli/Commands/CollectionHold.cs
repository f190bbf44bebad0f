using System.Runtime;

namespace PatientIndex.Cli.Commands;

/// <summary>
/// Holds off garbage collection for a bulk run, up to an allowance sized from its input. A run keeps
/// nearly everything it makes to its end (records, block keys, candidate pairs, comparisons, links), so
/// each collection part-way marks and moves a growing heap to free little. On Splink's 1M file the
/// collections paused the run for 0.6 s and slowed reading and normalising besides; held off, none
/// happen, for 0.05 GB more peak memory. Past the allowance (input that makes more than usual, FHIR
/// say) the runtime ends the hold itself and collects as usual from there.
/// </summary>
internal sealed class CollectionHold : IDisposable
{
    /// <summary>A CSV extract's run allocates about 25 bytes for each byte read (Splink's 1M file and synth alike).</summary>
    private const long BytesPerInputByte = 32;
    private const long SmallestWorthHolding = 16L << 20;
    /// <summary>
    /// The runtime accepts a hold far larger than the machine's memory and then fails in its own ways
    /// (a hold of 50 GB crashes the workstation collector), so a hold never asks for more than this, nor
    /// for more than an eighth of the memory the process may use.
    /// </summary>
    private const long LargestHold = 4L << 30;
    private readonly bool _holding;

    private CollectionHold(bool holding) => _holding = holding;

    public static CollectionHold ForRun(long inputBytes)
    {
        var largest = Math.Min(LargestHold, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 8);
        var allowance = inputBytes >= largest / BytesPerInputByte ? largest : Math.Max(SmallestWorthHolding, inputBytes * BytesPerInputByte);
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
