using System.Diagnostics;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Matching;

/// <summary>
/// At start-up: migrates the store, loads the steward assertions, then builds the candidate index from every stored record.
/// Calls wait on <see cref="Ready"/>, so none is answered from a half-built index.
/// </summary>
public sealed class IndexLoader(IPatientIndexStore store, IReplicaCoordinator replicas, IndexSync sync, CandidateIndex index,
    DifferentPersons assertions, TodaysNormaliser normaliser, ILogger<IndexLoader> log) : IHostedService
{
    private const int Batch = 8192;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            await store.MigrateAsync(cancellationToken);
            // Read first: whatever other replicas commit during the load is then replayed after it.
            sync.StartAt(await replicas.LatestSequenceAsync(cancellationToken));
            assertions.ApplyAll(await store.ReadDecisionsAsync(cancellationToken));
            var loaded = await LoadAsync(cancellationToken);
            log.LogInformation("Candidate index built: {Records:N0} records of {Persons:N0} persons in {Seconds:0.0}s",
                loaded, index.Persons, clock.Elapsed.TotalSeconds);
            _ready.TrySetResult();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reads in batches and normalises each batch in parallel while the next is read.</summary>
    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        long count = 0;
        var batch = new List<StoredRecord>(Batch);
        Task pending = Task.CompletedTask;
        await foreach (var stored in store.ReadAllRecordsAsync(cancellationToken))
        {
            batch.Add(stored);
            if (batch.Count < Batch) continue;
            await pending;
            var full = batch;
            pending = Task.Run(() => Index(full), cancellationToken);
            batch = new List<StoredRecord>(Batch);
            count += full.Count;
        }
        await pending;
        Index(batch);
        return count + batch.Count;
    }

    private void Index(List<StoredRecord> batch)
    {
        var normalised = new NormalisedRecord[batch.Count];
        Parallel.For(0, batch.Count, i => normalised[i] = normaliser.Normalise(batch[i].Record));
        for (var i = 0; i < batch.Count; i++)
            index.Add(new IndexedRecord(batch[i].Key, normalised[i], batch[i].Link, RecordFingerprint.Of(batch[i].Record)));
    }
}
