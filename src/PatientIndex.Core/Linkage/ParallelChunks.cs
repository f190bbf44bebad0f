using System.Collections.Concurrent;

namespace PatientIndex.Core.Linkage;

/// <summary>Runs a loop body over [0, count) in parallel chunks: one delegate call per chunk, not per item.</summary>
public static class ParallelChunks
{
    public static void For(int count, int chunkSize, Action<int, int> body)
    {
        if (count <= 0) return;
        if (count <= chunkSize) { body(0, count); return; }
        Parallel.ForEach(Partitioner.Create(0, count, chunkSize), range => body(range.Item1, range.Item2));
    }
}
