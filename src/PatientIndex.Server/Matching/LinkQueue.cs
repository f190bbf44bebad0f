using System.Threading.Channels;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Matching;

/// <summary>
/// The single writer. Every match-and-link and removal passes through one loop, so each decision
/// sees every earlier one (two messages about one new patient can never make two persons). The loop
/// takes whatever requests are waiting, decides them one by one against the index, then writes all
/// their changes in one store transaction (group commit) before answering any of them. If the write
/// fails, the index is put back to what the store holds and every request of the batch fails.
/// </summary>
public sealed class LinkQueue(PersonLinker linker, IPatientIndexStore store, TodaysNormaliser normaliser, IndexLoader loader, ILogger<LinkQueue> log)
    : BackgroundService
{
    private const int MaxBatch = 256;
    private const string Actor = "match-and-link";
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });

    public Task<LinkResult> LinkAsync(SourceRecord record, NormalisedRecord normalised, CancellationToken cancellationToken) =>
        Enqueue<LinkResult>(new LinkWork(record, normalised, cancellationToken));

    /// <summary>The person the record left, or null when no such record is held.</summary>
    public Task<RemovedRecord?> RemoveAsync(RecordKey key, CancellationToken cancellationToken) =>
        Enqueue<RemovedRecord?>(new RemoveWork(key, cancellationToken));

    /// <summary>
    /// Runs an action that writes by itself (a steward's) with the queue to itself: after every
    /// earlier request is written and before any later one is decided.
    /// </summary>
    public Task<T> RunExclusiveAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        Enqueue<T>(new ExclusiveWork<T>(action, cancellationToken));

    private Task<T> Enqueue<T>(Work work)
    {
        if (!_work.Writer.TryWrite(work)) throw new InvalidOperationException("the link queue is closed");
        return ((Work<T>)work).Completion.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.Ready.WaitAsync(stoppingToken);
        var batch = new List<Work>(MaxBatch);
        var changes = new List<MembershipChange>(MaxBatch);
        while (await _work.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            changes.Clear();
            while (batch.Count < MaxBatch && _work.Reader.TryRead(out var work))
            {
                if (work.CancellationToken.IsCancellationRequested) { work.Cancel(); continue; }
                if (work is IExclusive exclusive)
                {
                    await Commit(batch, changes);
                    batch.Clear();
                    changes.Clear();
                    await exclusive.RunAsync();
                    continue;
                }
                try
                {
                    if (work.Decide(linker, Actor) is { } change) changes.Add(change);
                    batch.Add(work);
                }
                catch (Exception e) { work.Fail(e); }
            }
            await Commit(batch, changes);
        }
    }

    private async Task Commit(List<Work> batch, List<MembershipChange> changes)
    {
        try
        {
            if (changes.Count > 0) await store.ApplyAsync(changes, CancellationToken.None);
            foreach (var work in batch) work.Complete();
        }
        catch (Exception e)
        {
            log.LogError(e, "Writing {Count} membership changes failed; the index is restored from the store", changes.Count);
            await Restore(batch);
            foreach (var work in batch) work.Fail(e);
        }
    }

    private async Task Restore(List<Work> batch)
    {
        foreach (var key in batch.Select(w => w.Key).Distinct())
        {
            try
            {
                var stored = await store.FindRecordAsync(key);
                linker.Restore(key, stored, stored is null ? null : normaliser.Normalise(stored.Record));
            }
            catch (Exception e)
            {
                log.LogCritical(e, "The index could not be restored for {Record}; restart the server to rebuild it", key);
            }
        }
    }

    private abstract class Work(RecordKey key, CancellationToken cancellationToken)
    {
        public RecordKey Key { get; } = key;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public abstract MembershipChange? Decide(PersonLinker linker, string actor);
        public abstract void Complete();
        public abstract void Fail(Exception e);
        public abstract void Cancel();
    }

    private abstract class Work<T>(RecordKey key, CancellationToken cancellationToken) : Work(key, cancellationToken)
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        protected T? Result { get; set; }
        public override void Complete() => Completion.TrySetResult(Result!);
        public override void Fail(Exception e) => Completion.TrySetException(e);
        public override void Cancel() => Completion.TrySetCanceled(CancellationToken);
    }

    private sealed class LinkWork(SourceRecord record, NormalisedRecord normalised, CancellationToken cancellationToken)
        : Work<LinkResult>(new RecordKey(record.Source, record.RecordId), cancellationToken)
    {
        public override MembershipChange? Decide(PersonLinker linker, string actor)
        {
            Result = linker.Link(record, normalised, actor);
            return Result.Change;
        }
    }

    private interface IExclusive
    {
        Task RunAsync();
    }

    private sealed class ExclusiveWork<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
        : Work<T>(default, cancellationToken), IExclusive
    {
        public override MembershipChange? Decide(PersonLinker linker, string actor) => throw new InvalidOperationException("exclusive work is run, not decided");

        public async Task RunAsync()
        {
            try { Completion.TrySetResult(await action(CancellationToken)); }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested) { Cancel(); }
            catch (Exception e) { Fail(e); }
        }
    }

    private sealed class RemoveWork(RecordKey key, CancellationToken cancellationToken) : Work<RemovedRecord?>(key, cancellationToken)
    {
        public override MembershipChange? Decide(PersonLinker linker, string actor)
        {
            var change = linker.Remove(Key, actor);
            Result = change is null ? null : new RemovedRecord(change.Events[0].FromPersonId!, change.RetiredPersons.Count > 0);
            return change;
        }
    }
}

/// <summary>A record withdrawn: the person it left, and whether that person is now retired.</summary>
public sealed record RemovedRecord(string PersonId, bool PersonRetired);
