using System.Diagnostics.Metrics;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Store;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Telemetry;

/// <summary>
/// Reads what the gauges report from the store on a timer, off every request's path, so a scrape never
/// waits on the database: the open review tasks and this replica's change-log lag (committed changes
/// its index has not followed yet). The index's own sizes, the link queue and the model are read live.
/// </summary>
public sealed class StoreSampler : BackgroundService
{
    private readonly IPatientIndexStore _store;
    private readonly ReplicaLag _lag;
    private readonly TimeSpan _interval;
    private readonly ILogger<StoreSampler> _log;
    private long _openReviewTasks;
    private long _changeLag;

    public StoreSampler(IPatientIndexStore store, ReplicaLag lag, ServiceMetrics metrics, CandidateIndex index, LinkQueue queue, ModelInUse model,
        IConfiguration configuration, ILogger<StoreSampler> log)
    {
        (_store, _lag, _log) = (store, lag, log);
        _interval = configuration.GetValue("Telemetry:StoreSampleInterval", TimeSpan.FromSeconds(15));
        var meter = metrics.Meter;
        meter.CreateObservableGauge("patientindex.review_queue.depth", () => Interlocked.Read(ref _openReviewTasks), "{task}", "Open review tasks");
        meter.CreateObservableGauge("patientindex.replica.change_lag", () => Interlocked.Read(ref _changeLag), "{change}",
            "Changes committed to the store that this replica's index has not followed yet");
        meter.CreateObservableGauge("patientindex.index.records", () => index.Count, "{record}", "Source records in the candidate index");
        meter.CreateObservableGauge("patientindex.index.persons", () => index.Persons, "{person}", "Persons in the candidate index");
        meter.CreateObservableGauge("patientindex.link_queue.length", () => queue.Waiting, "{request}", "Requests waiting for the single writer");
        meter.CreateObservableGauge("patientindex.model.in_use", () => new Measurement<int>(1, new KeyValuePair<string, object?>("model.version", model.Name)),
            "{model}", "The model version deciding now (value 1, version as a tag)");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do await SampleAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task SampleAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The queue's own count (an indexed query), not the store's totals: those count every link event.
            var open = await _store.ListReviewTasksAsync(new ReviewTaskQuery { Limit = 1 }, stoppingToken);
            Interlocked.Exchange(ref _openReviewTasks, open.Total);
            Interlocked.Exchange(ref _changeLag, await _lag.ReadAsync(stoppingToken));
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            _log.LogWarning("Sampling the store for metrics failed ({Error}); the gauges keep their last values", e.GetType().Name);
        }
    }
}

/// <summary>How far this replica's index is behind the store's change sequence.</summary>
public sealed class ReplicaLag(IReplicaCoordinator replicas, IndexSync sync)
{
    public async Task<long> ReadAsync(CancellationToken cancellationToken) =>
        Math.Max(0, await replicas.LatestSequenceAsync(cancellationToken) - sync.Sequence);
}
