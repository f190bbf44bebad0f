extern alias server;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatientIndex.Core.Audit;
using AuditOptions = server::PatientIndex.Server.Auditing.AuditOptions;
using AuditTrailUnavailableException = server::PatientIndex.Server.Auditing.AuditTrailUnavailableException;
using AuditTrailWriter = server::PatientIndex.Server.Auditing.AuditTrailWriter;

namespace PatientIndex.Server.Tests.Auditing;

/// <summary>The background writer of reads' audit events, over a store that can be taken down: batches, back-pressure, no loss, shutdown.</summary>
public sealed class AuditTrailWriterTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly StoreThatGoesDown theStore = new();
    private AuditTrailWriter theWriter = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        theStore.Down = false;
        await theWriter.StopAsync(CancellationToken.None);
        theWriter.Dispose();
    }

    [Fact]
    public async Task events_are_written_in_batches_in_the_order_queued()
    {
        await StartAsync(new AuditOptions { BatchSize = 10 });

        await theWriter.EnqueueAsync([.. Enumerable.Range(0, 25).Select(Read)]);
        await theWriter.DrainAsync().WaitAsync(Bound);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"q{i}"), theStore.Written.Select(e => e.Query!));
        Assert.InRange(theStore.Batches.Max(), 1, 10);
    }

    [Fact]
    public async Task while_the_store_is_down_nothing_queued_is_lost_and_a_full_queue_refuses_the_request_once_it_has_waited()
    {
        await StartAsync(new AuditOptions { QueueCapacity = 3, BatchSize = 1, MaxWait = TimeSpan.FromMilliseconds(100), RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5) });
        theStore.Down = true;
        await theWriter.EnqueueAsync([Read(0)]);
        await theStore.FirstFailure.Task.WaitAsync(Bound);

        // The writer holds the first event, retrying; the queue takes three more, and then no more.
        await theWriter.EnqueueAsync([Read(1), Read(2), Read(3)]);
        await Assert.ThrowsAsync<AuditTrailUnavailableException>(async () => await theWriter.EnqueueAsync([Read(4)]));

        theStore.Down = false;
        await theWriter.DrainAsync().WaitAsync(Bound);
        Assert.Equal(["q0", "q1", "q2", "q3"], theStore.Written.Select(e => e.Query!));
        Assert.True(theStore.Failures > 0);
    }

    [Fact]
    public async Task at_shutdown_the_queue_is_written_out_first()
    {
        await StartAsync(new AuditOptions { BatchSize = 2, RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) });
        theStore.Down = true;
        await theWriter.EnqueueAsync([.. Enumerable.Range(0, 7).Select(Read)]);
        await theStore.FirstFailure.Task.WaitAsync(Bound);

        var stopping = theWriter.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        theStore.Down = false;
        await stopping.WaitAsync(Bound);

        Assert.Equal(7, theStore.Written.Count);
        await Assert.ThrowsAsync<AuditTrailUnavailableException>(async () => await theWriter.EnqueueAsync([Read(8)]));
    }

    [Fact]
    public async Task a_store_down_through_the_whole_shutdown_does_not_hold_the_host_up()
    {
        await StartAsync(new AuditOptions { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) });
        theStore.Down = true;
        await theWriter.EnqueueAsync([Read(0)]);
        await theStore.FirstFailure.Task.WaitAsync(Bound);

        using var shutdown = new CancellationTokenSource();
        var stopping = theWriter.StopAsync(shutdown.Token);
        await shutdown.CancelAsync();
        await stopping.WaitAsync(Bound);

        Assert.Empty(theStore.Written);
    }

    private async Task StartAsync(AuditOptions options)
    {
        theWriter = new AuditTrailWriter(theStore, Options.Create(options), NullLogger<AuditTrailWriter>.Instance);
        await theWriter.StartAsync(CancellationToken.None);
    }

    private static AccessEvent Read(int i) => new()
    {
        At = DateTimeOffset.UtcNow, Actor = "jo", Action = AccessAction.Read, Operation = "test", Query = $"q{i}",
    };

    /// <summary>A trail that fails every append while it is down, as a store that cannot be reached does.</summary>
    private sealed class StoreThatGoesDown : IAuditTrail
    {
        private readonly object _gate = new();
        private int _failures;

        public volatile bool Down;
        public List<AccessEvent> Written { get; } = [];
        public List<int> Batches { get; } = [];
        public int Failures => Volatile.Read(ref _failures);
        public TaskCompletionSource FirstFailure { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task AppendAsync(IReadOnlyList<AccessEvent> events, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                Interlocked.Increment(ref _failures);
                FirstFailure.TrySetResult();
                throw new IOException("the store is unreachable");
            }
            lock (_gate)
            {
                Written.AddRange(events);
                Batches.Add(events.Count);
            }
            return Task.CompletedTask;
        }

        public Task<AuditEventPage> ReadAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("the writer only appends");
    }
}
