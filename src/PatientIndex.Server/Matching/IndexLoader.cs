using System.Diagnostics;
using PatientIndex.Core.Matching;
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
            var loaded = await IndexBuild.FillAsync(index, store.ReadAllRecordsAsync(cancellationToken), r => normaliser.Normalise(r), cancellationToken);
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
}
