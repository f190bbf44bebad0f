using System.Runtime.InteropServices;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Matching;

/// <summary>
/// Fills a candidate index from every stored record: read in batches, each batch normalised in parallel while
/// the next is read, then added in order. What a server does at start-up, and what its footprint benchmark measures.
/// </summary>
public static class IndexBuild
{
    private const int Batch = 8192;

    /// <returns>The records added.</returns>
    public static async Task<long> FillAsync(CandidateIndex index, IAsyncEnumerable<StoredRecord> records,
        Func<SourceRecord, NormalisedRecord> normalise, CancellationToken cancellationToken = default)
    {
        long count = 0;
        var shared = new LinkStrings();
        var batch = new List<StoredRecord>(Batch);
        Task pending = Task.CompletedTask;
        await foreach (var stored in records.WithCancellation(cancellationToken))
        {
            batch.Add(stored);
            if (batch.Count < Batch) continue;
            await pending;
            var full = batch;
            pending = Task.Run(() => Add(index, full, normalise, shared), cancellationToken);
            batch = new List<StoredRecord>(Batch);
            count += full.Count;
        }
        await pending;
        Add(index, batch, normalise, shared);
        return count + batch.Count;
    }

    private static void Add(CandidateIndex index, List<StoredRecord> batch, Func<SourceRecord, NormalisedRecord> normalise, LinkStrings shared)
    {
        var normalised = new NormalisedRecord[batch.Count];
        Parallel.For(0, batch.Count, i => normalised[i] = normalise(batch[i].Record));
        for (var i = 0; i < batch.Count; i++)
        {
            // The key from the normalised record: its source is the one string all that source's records share.
            var key = new RecordKey(normalised[i].Source, normalised[i].RecordId);
            index.Add(new IndexedRecord(key, normalised[i], shared.Of(batch[i].Link), RecordFingerprint.Of(batch[i].Record)));
        }
    }

    /// <summary>
    /// A store reads each link's person id and model name as new strings; a person's records, and every record
    /// one model linked, then share one. Used by one batch at a time.
    /// </summary>
    private sealed class LinkStrings
    {
        private readonly Dictionary<string, string> _persons = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _models = new(StringComparer.Ordinal);

        public Link Of(Link link)
        {
            var person = Shared(_persons, link.PersonId);
            var model = Shared(_models, link.Model);
            return ReferenceEquals(person, link.PersonId) && ReferenceEquals(model, link.Model) ? link : link with { PersonId = person, Model = model };
        }

        private static string Shared(Dictionary<string, string> seen, string value)
        {
            ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, value, out var exists);
            if (!exists) first = value;
            return first!;
        }
    }
}
