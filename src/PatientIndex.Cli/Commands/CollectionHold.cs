using System.Runtime;

namespace PatientIndex.Cli.Commands;

/// <summary>
/// Holds off garbage collection for a bulk run, up to an allowance sized from its input. A run keeps
/// nearly everything it makes to its end (records, block keys, candidate pairs, comparisons, links), so
/// each collection part-way marks and moves a growing heap to free little. On Splink's 1M file the
/// collections paused the run for 0.6 s and slowed reading and normalising besides; held off, none
/// happen, for 0.05 GB more peak memory. Past the allowance (a run that makes more than usual) the
/// runtime ends the hold itself and collects as usual from there.
/// </summary>
internal sealed class CollectionHold : IDisposable
{
    /// <summary>A CSV extract's run allocates about 25 bytes for each byte read (Splink's 1M file and synth alike).</summary>
    private const long BytesPerCsvByte = 32;
    /// <summary>Once read, a run allocates 1.1 KB (Splink's 1M file) to 1.8 KB (synth's fourteen columns) a record.</summary>
    private const long BytesPerRecordRead = 2048;
    private const long SmallestWorthHolding = 16L << 20;
    /// <summary>
    /// The runtime accepts a hold far larger than the machine's memory and then fails in its own ways
    /// (a hold of 50 GB crashes the workstation collector), so a hold never asks for more than this, nor
    /// for more than an eighth of the memory the process may use.
    /// </summary>
    private const long LargestHold = 4L << 30;
    private readonly bool _holding;

    private CollectionHold(bool holding) => _holding = holding;

    /// <summary>For a run over CSV files only, from before they are read.</summary>
    public static CollectionHold ForCsvRun(long csvBytes) => Hold(csvBytes, BytesPerCsvByte);

    /// <summary>
    /// For the rest of a run whose records are read. FHIR's parser makes far more garbage per byte than CSV
    /// reading does (77 MB of NDJSON held 2.4 GB), so a run with FHIR input is held only from here.
    /// </summary>
    public static CollectionHold AfterReading(int records) => Hold(records, BytesPerRecordRead);

    private static CollectionHold Hold(long count, long bytesEach)
    {
        var largest = Math.Min(LargestHold, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 8);
        var allowance = count >= largest / bytesEach ? largest : Math.Max(SmallestWorthHolding, count * bytesEach);
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
