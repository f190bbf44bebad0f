using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PatientIndex.Core.Audit;

namespace PatientIndex.Server.Auditing;

/// <summary>
/// Appends the audit events of reads (and of writes that changed nothing) in the background, in
/// batches, so a read never waits on the store. The queue is bounded: when the store falls behind or
/// is down, it fills, and requests then wait for room (back-pressure) — up to <see cref="AuditOptions.MaxWait"/>,
/// after which they are refused unanswered rather than served unrecorded. A batch that fails is
/// retried, with a growing pause, until it is written; none is dropped. What a crash loses is what is
/// queued and unwritten (at most <see cref="AuditOptions.QueueCapacity"/> events); at shutdown the
/// queue is written out first. The events of changes never pass through here: they are written in the
/// change's own transaction.
/// </summary>
public sealed class AuditTrailWriter : BackgroundService
{
    private readonly IAuditTrail _trail;
    private readonly AuditOptions _options;
    private readonly ILogger<AuditTrailWriter> _log;
    private readonly Channel<AccessEvent> _queue;
    private long _queued;
    private long _written;
    private TaskCompletionSource _progress = NewSignal();
    private readonly CancellationTokenSource _abandon = new();

    public AuditTrailWriter(IAuditTrail trail, IOptions<AuditOptions> options, ILogger<AuditTrailWriter> log)
    {
        _trail = trail;
        _options = options.Value;
        _log = log;
        _queue = Channel.CreateBounded<AccessEvent>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait, SingleReader = true,
        });
    }

    /// <summary>Queues the events, waiting for room when the queue is full; <see cref="AuditTrailUnavailableException"/> when none comes in time.</summary>
    public async ValueTask EnqueueAsync(IReadOnlyList<AccessEvent> events)
    {
        foreach (var e in events)
        {
            if (!_queue.Writer.TryWrite(e))
            {
                // Not the caller's cancellation: an access that happened is recorded even if its caller has gone.
                using var wait = new CancellationTokenSource(_options.MaxWait);
                try { await _queue.Writer.WriteAsync(e, wait.Token); }
                catch (OperationCanceledException)
                {
                    _log.LogError("The audit queue stayed full for {Wait}: a request is refused unanswered", _options.MaxWait);
                    throw new AuditTrailUnavailableException(AuditTrailUnavailableException.Reason);
                }
                catch (ChannelClosedException) { throw new AuditTrailUnavailableException(AuditTrailUnavailableException.Reason); }
            }
            Interlocked.Increment(ref _queued);
        }
    }

    /// <summary>Completes once every event queued before the call is written.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _queued);
        while (true)
        {
            var progress = Volatile.Read(ref _progress);
            if (Interlocked.Read(ref _written) >= target) return;
            await progress.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AccessEvent>(_options.BatchSize);
        // Not the stopping token: at shutdown the queue is completed and written out, not abandoned.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var e)) batch.Add(e);
            if (!await WriteAsync(batch))
            {
                _log.LogError("{Count} audit events could not be written before the host stopped", batch.Count + _queue.Reader.Count);
                return;
            }
            Interlocked.Add(ref _written, batch.Count);
            Interlocked.Exchange(ref _progress, NewSignal()).TrySetResult();
        }
    }

    /// <summary>Takes no more events and writes out those queued, for as long as the host allows its shutdown.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await using (cancellationToken.Register(_abandon.Cancel))
            if (ExecuteTask is { } running) await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    /// <summary>Retries until written; false only when the host's shutdown ran out of time while the store kept failing.</summary>
    private async Task<bool> WriteAsync(List<AccessEvent> batch)
    {
        var delay = _options.RetryDelay;
        while (true)
        {
            try
            {
                await _trail.AppendAsync(batch, CancellationToken.None);
                return true;
            }
            catch (Exception e)
            {
                // The type and message only: a store's error can quote the values it refused.
                _log.LogWarning("Writing {Count} audit events failed ({Error}: {Message}); retrying in {Delay}", batch.Count, e.GetType().Name, e.Message, delay);
            }
            try { await Task.Delay(delay, _abandon.Token); }
            catch (OperationCanceledException) { return false; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
