using System.Diagnostics;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Matching;

/// <summary>
/// At start-up: migrates the store, then loads the steward assertions and builds the candidate index from every stored record.
/// The host listens during the build: what the store answers alone (a record, a person, cross-references) is served at once, calls
/// that need the index wait on <see cref="Ready"/> (none is answered from a half-built index), and health says it is loading.
/// Before it is ready, the model in use follows the version the store holds, so that nothing is decided by another.
/// A build that fails stops the server.
/// </summary>
public sealed class IndexLoader(IPatientIndexStore store, IReplicaCoordinator replicas, IndexSync sync, CandidateIndex index,
    DifferentPersons assertions, TodaysNormaliser normaliser, ModelInUse model, IHostApplicationLifetime lifetime, ILogger<IndexLoader> log) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    /// <summary>Migrates before the host listens (every call may touch the store's tables), then builds the index in the background.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        // Off the host's start-up thread at once: the build's first steps run synchronously for a while.
        await Task.Yield();
        try
        {
            var clock = Stopwatch.StartNew();
            // Read first: whatever other replicas commit during the load is then replayed after it.
            sync.StartAt(await replicas.LatestSequenceAsync(cancellationToken));
            assertions.ApplyAll(await store.ReadDecisionsAsync(cancellationToken));
            var loaded = await IndexBuild.FillAsync(index, store.ReadAllRecordsAsync(cancellationToken), r => normaliser.Normalise(r), cancellationToken);
            log.LogInformation("Candidate index built: {Records:N0} records of {Persons:N0} persons in {Seconds:0.0}s",
                loaded, index.Persons, clock.Elapsed.TotalSeconds);
            // Nothing is decided yet, so the version changes without waiting for a batch to end.
            await ModelLearning.FollowStoreAsync(store, model, next => { model.Use(next); return Task.CompletedTask; }, log, cancellationToken);
            _ready.TrySetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(cancellationToken);
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            log.LogCritical(e, "The candidate index could not be built from the store; the server stops");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
