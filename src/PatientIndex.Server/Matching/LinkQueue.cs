using System.Threading.Channels;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Telemetry;

namespace PatientIndex.Server.Matching;

/// <summary>
/// The single writer. Every match-and-link and removal passes through one loop, so each decision
/// sees every earlier one (two messages about one new patient can never make two persons). The loop
/// takes whatever requests are waiting and opens one linking scope for them, which holds their
/// block-key locks across replicas; inside it the index catches up with what other replicas
/// committed, the requests are decided one by one, and all their changes are written in one
/// transaction (group commit) before any is answered. If the write fails, the index is put back to
/// what the store holds and every request of the batch fails. While idle, the loop follows the
/// change sequence every <see cref="IReplicaCoordinator.PollInterval"/>. A steward's action runs
/// between batches, alone in a linking scope of its own (see <see cref="RunExclusiveAsync{T}"/>).
/// Each piece of work carries the <see cref="AuditScope"/> of the request that queued it: the audit
/// event of a change rides in that change, so the two commit or roll back together.
/// </summary>
public sealed class LinkQueue(PersonLinker linker, IReplicaCoordinator replicas, IndexSync sync, IndexLoader loader, ModelInUse model,
    IPatientIndexStore store, ServiceMetrics metrics, ILogger<LinkQueue> log) : BackgroundService
{
    /// <summary>How often an idle replica looks for a model version another replica learnt.</summary>
    private static readonly TimeSpan ModelCheckInterval = TimeSpan.FromSeconds(10);
    private readonly System.Diagnostics.Stopwatch _sinceModelCheck = System.Diagnostics.Stopwatch.StartNew();
    private const string Actor = "match-and-link";
    private ILinkingScope? _exclusiveScope;
    private IExclusive? _exclusiveWork;
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    // Counted here: a single-reader channel does not count what it holds.
    private int _waiting;

    /// <param name="createOnly">Refuse with <see cref="RecordExistsException"/> when the record is already held.</param>
    /// <param name="candidatesAnswered">Candidates the answer keeps (and so discloses), strongest first.</param>
    public Task<LinkResult> LinkAsync(SourceRecord record, NormalisedRecord normalised, bool createOnly, int candidatesAnswered, CancellationToken cancellationToken) =>
        Enqueue<LinkResult>(new LinkWork(record, normalised, createOnly, candidatesAnswered, cancellationToken));

    /// <summary>The person the record left, or null when no such record is held.</summary>
    public Task<RemovedRecord?> RemoveAsync(RecordKey key, CancellationToken cancellationToken) =>
        Enqueue<RemovedRecord?>(new RemoveWork(key, cancellationToken));

    /// <summary>
    /// Runs an action that decides by itself (a steward's) with the queue to itself: after every
    /// earlier request is written and before any later one is decided, inside a linking scope that
    /// holds the block-key locks of the records named, of the persons named and of every record of
    /// those persons. The action writes through <see cref="WriteInScopeAsync"/>, so its change is one
    /// transaction under those locks and enters the change sequence that other replicas follow, with
    /// the audit event of <paramref name="audited"/> by the request's caller (none when null: the action writes no records).
    /// </summary>
    public Task<T> RunExclusiveAsync<T>(IEnumerable<RecordKey> records, IEnumerable<string> persons, AccessAction? audited,
        Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        Enqueue<T>(new ExclusiveWork<T>([.. records], [.. persons], action, cancellationToken) { Audited = audited });

    /// <summary>
    /// Decides a chunk of an extract with the queue to itself, as <see cref="RunExclusiveAsync{T}"/>
    /// runs a steward's action, holding also the block-key locks of the arriving records' new data.
    /// <paramref name="decide"/> changes the index and returns what to write; the changes land in one
    /// transaction, or the index is put back to what the store holds for every record they touch. The
    /// chunk's audit event is <paramref name="decide"/>'s to add: there is no request behind it.
    /// </summary>
    public Task<T> RunChunkAsync<T>(IReadOnlyList<RecordKey> records, IReadOnlyList<(RecordKey Key, NormalisedRecord Normalised)> arriving,
        Func<PersonLinker, (IReadOnlyList<MembershipChange> Changes, T Result)> decide, CancellationToken cancellationToken)
    {
        var touched = records.Concat(arriving.Select(a => a.Key)).ToHashSet();
        return Enqueue<T>(new ExclusiveWork<T>([.. touched], [], async _ =>
        {
            IReadOnlyList<MembershipChange> changes = [];
            try
            {
                (changes, var result) = decide(linker);
                await WriteInScopeAsync(changes, CancellationToken.None);
                return result;
            }
            catch
            {
                await sync.RestoreAsync(touched.Concat(changes.SelectMany(c => c.RelinkedRecords.Select(r => r.Key))));
                throw;
            }
        }, cancellationToken) { Arriving = arriving });
    }

    /// <summary>The writer of actions run by <see cref="RunExclusiveAsync{T}"/>: commits their linking scope.</summary>
    public async Task WriteInScopeAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken)
    {
        var scope = _exclusiveScope ?? throw new InvalidOperationException("a steward action writes only from inside RunExclusiveAsync");
        var audited = _exclusiveWork is { Audit: { } audit, Audited: { } action }
            ? audit.Event(action, AccessOutcome.Success, changed: ChangeSubjects.RecordsOf(changes), persons: ChangeSubjects.PersonsOf(changes))
            : null;
        var written = changes;
        if (audited is not null)
        {
            var auditing = new MembershipChange();
            auditing.AuditEvents.Add(audited);
            written = [.. changes, auditing];
        }
        // Not cancellable once begun, like a batch: the index is brought up to date only after it lands.
        sync.Committed(await scope.CommitAsync(written, CancellationToken.None));
        if (audited is not null) _exclusiveWork!.Audit!.Committed(audited);
    }

    /// <summary>Requests queued and not yet taken by the writer.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    private Task<T> Enqueue<T>(Work work)
    {
        if (!_work.Writer.TryWrite(work)) throw new InvalidOperationException("the link queue is closed");
        Interlocked.Increment(ref _waiting);
        return ((Work<T>)work).Completion.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.Ready.WaitAsync(stoppingToken);
        var batch = new List<Work>(replicas.MaxBatch);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await WorkArrivedAsync(stoppingToken))
            {
                await CatchUpWhileIdle(stoppingToken);
                continue;
            }
            batch.Clear();
            IExclusive? exclusive = null;
            while (exclusive is null && batch.Count < replicas.MaxBatch && _work.Reader.TryRead(out var work))
            {
                Interlocked.Decrement(ref _waiting);
                if (work.CancellationToken.IsCancellationRequested) work.Cancel();
                else if (work is IExclusive e) exclusive = e;
                else batch.Add(work);
            }
            if (batch.Count > 0) await Run(batch);
            if (exclusive is not null) await RunExclusive(exclusive);
        }
    }

    /// <summary>False when the poll interval passed with nothing to do.</summary>
    private async Task<bool> WorkArrivedAsync(CancellationToken stoppingToken)
    {
        if (replicas.PollInterval == Timeout.InfiniteTimeSpan) return await _work.Reader.WaitToReadAsync(stoppingToken);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        idle.CancelAfter(replicas.PollInterval);
        try { return await _work.Reader.WaitToReadAsync(idle.Token); }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { return false; }
    }

    private async Task CatchUpWhileIdle(CancellationToken stoppingToken)
    {
        try
        {
            await sync.RepairAsync();
            await sync.CatchUpAsync(replicas.ChangesSinceAsync, stoppingToken);
            if (_sinceModelCheck.Elapsed >= ModelCheckInterval)
            {
                _sinceModelCheck.Restart();
                // On the loop, between batches: the version every later decision names.
                if (ModelLearning.NewerThanInUse(await store.LatestModelVersionAsync(stoppingToken), model) is { } next) model.Use(next);
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            log.LogWarning(e, "Reading the change sequence failed; retrying in {Interval}", replicas.PollInterval);
        }
    }

    private async Task Run(List<Work> batch)
    {
        var decided = new List<Work>(batch.Count);
        var changes = new List<MembershipChange>(batch.Count);
        using var traced = ServiceTraces.StartBatch(batch.ConvertAll(w => w.Trace));
        try
        {
            await sync.RepairAsync();
            // Not cancellable once begun: a batch is written whole or not at all.
            await using var scope = await replicas.BeginAsync(LockKeys(batch), CancellationToken.None);
            await sync.CatchUpAsync(scope.ChangesSinceAsync, CancellationToken.None);
            foreach (var work in batch)
            {
                try
                {
                    if (work.Decide(linker, Actor) is { } change) changes.Add(change);
                    decided.Add(work);
                }
                catch (Exception e) { work.Fail(e); }
            }
            if (changes.Count > 0) sync.Committed(await scope.CommitAsync(changes, CancellationToken.None));
            foreach (var work in decided)
            {
                if (work is LinkWork { Outcome: { } outcome }) metrics.Decided(outcome);
                work.Complete();
            }
        }
        catch (Exception e)
        {
            traced?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            log.LogError(e, "Deciding or writing {Count} membership changes failed; the index is restored from the store", changes.Count);
            await sync.RestoreAsync(decided.Select(w => w.Key).Concat(changes.SelectMany(c => c.RelinkedRecords.Select(r => r.Key))));
            foreach (var work in batch) work.Fail(e);
        }
    }

    private async Task RunExclusive(IExclusive work)
    {
        using var traced = ServiceTraces.StartExclusive(work.Trace, "exclusive linking scope");
        try
        {
            await sync.RepairAsync();
            // Caught up before the locks are chosen too, so they cover records another replica added to the persons lately.
            await sync.CatchUpAsync(replicas.ChangesSinceAsync, CancellationToken.None);
            await using var scope = await replicas.BeginAsync(work.LockKeys(linker.Index), CancellationToken.None);
            await sync.CatchUpAsync(scope.ChangesSinceAsync, CancellationToken.None);
            (_exclusiveScope, _exclusiveWork) = (scope, work);
            await work.RunAsync();
        }
        catch (Exception e)
        {
            log.LogError(e, "Opening the linking scope of a steward action failed");
            work.Fail(e);
        }
        finally { (_exclusiveScope, _exclusiveWork) = (null, null); }
    }

    private HashSet<long> LockKeys(List<Work> batch)
    {
        var keys = new HashSet<long>();
        foreach (var work in batch) LinkLocks.AddKeysOf(work.Key, work.Normalised(linker.Index), linker.Index.Rules, keys);
        return keys;
    }

    private abstract class Work(RecordKey key, CancellationToken cancellationToken)
    {
        public RecordKey Key { get; } = key;
        /// <summary>Captured where the work is made, on the flow of the request that queues it.</summary>
        public AuditScope? Audit { get; } = AuditScope.Current;
        /// <summary>The span of the request that queued it, which its batch's span continues.</summary>
        public System.Diagnostics.ActivityContext Trace { get; } = System.Diagnostics.Activity.Current?.Context ?? default;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public abstract MembershipChange? Decide(PersonLinker linker, string actor);
        /// <summary>The normalised record whose block keys the decision locks.</summary>
        public abstract NormalisedRecord? Normalised(CandidateIndex index);
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

    private sealed class LinkWork(SourceRecord record, NormalisedRecord normalised, bool createOnly, int candidatesAnswered, CancellationToken cancellationToken)
        : Work<LinkResult>(new RecordKey(record.Source, record.RecordId), cancellationToken)
    {
        private AccessEvent? _audited;

        /// <summary>The decision taken, once decided.</summary>
        public LinkOutcome? Outcome => Result?.Outcome;

        public override NormalisedRecord? Normalised(CandidateIndex index) => normalised;

        public override MembershipChange? Decide(PersonLinker linker, string actor)
        {
            // Here, on the writer under the record's lock, so two creates of one record cannot both succeed.
            if (createOnly && linker.Index.Find(Key) is not null) throw new RecordExistsException(Key);
            var result = linker.Link(record, normalised, actor);
            if (result.Candidates.Count > candidatesAnswered) result = result with { Candidates = [.. result.Candidates.Take(candidatesAnswered)] };
            Result = result;
            if (Audit is { } audit)
            {
                MembershipChange[] changes = result.Change is { } change ? [change] : [];
                var created = result.Change?.Events.Any(e => e.Kind == LinkEventKind.RecordLinked && e.Record == Key) ?? false;
                _audited = audit.Event(created ? AccessAction.Create : AccessAction.Update, AccessOutcome.Success,
                    changed: [Key, .. ChangeSubjects.RecordsOf(changes)], returned: result.Candidates.Select(c => c.Record),
                    persons: [result.PersonId, .. ChangeSubjects.PersonsOf(changes), .. result.Candidates.Select(c => c.PersonId)]);
                result.Change?.AuditEvents.Add(_audited);
            }
            return result.Change;
        }

        public override void Complete()
        {
            // Before the answer: once it is out, the request may end and its scope be finished.
            if (_audited is not null)
            {
                if (Result!.Change is null) Audit!.Add(_audited);
                else Audit!.Committed(_audited);
            }
            base.Complete();
        }
    }

    private interface IExclusive
    {
        AuditScope? Audit { get; }
        System.Diagnostics.ActivityContext Trace { get; }
        /// <summary>What the action's changes are audited as; null when the action adds its own audit events.</summary>
        AccessAction? Audited { get; }
        HashSet<long> LockKeys(CandidateIndex index);
        /// <summary>Runs the action and completes the caller's task; never throws.</summary>
        Task RunAsync();
        void Fail(Exception e);
    }

    private sealed class ExclusiveWork<T>(IReadOnlyList<RecordKey> records, IReadOnlyList<string> persons,
        Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken) : Work<T>(default, cancellationToken), IExclusive
    {
        /// <summary>Records arriving with new data, whose new block keys are locked as well as those the index holds.</summary>
        public IReadOnlyList<(RecordKey Key, NormalisedRecord Normalised)> Arriving { get; init; } = [];

        public AccessAction? Audited { get; init; }

        public override NormalisedRecord? Normalised(CandidateIndex index) => null;

        public override MembershipChange? Decide(PersonLinker linker, string actor) => throw new InvalidOperationException("exclusive work is run, not decided");

        public HashSet<long> LockKeys(CandidateIndex index)
        {
            var members = new HashSet<RecordKey>(records);
            var personIds = new HashSet<string>(persons, StringComparer.Ordinal);
            foreach (var key in records)
                if (index.Find(key) is { } held) personIds.Add(held.Link.PersonId);
            foreach (var personId in personIds)
                foreach (var member in index.MembersOf(personId)) members.Add(member.Key);
            var keys = new HashSet<long>();
            foreach (var key in members) LinkLocks.AddKeysOf(key, index.Find(key)?.Normalised, index.Rules, keys);
            foreach (var (key, normalised) in Arriving) LinkLocks.AddKeysOf(key, normalised, index.Rules, keys);
            return keys;
        }

        public async Task RunAsync()
        {
            try { Completion.TrySetResult(await action(CancellationToken)); }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested) { Cancel(); }
            catch (Exception e) { Fail(e); }
        }
    }

    private sealed class RemoveWork(RecordKey key, CancellationToken cancellationToken) : Work<RemovedRecord?>(key, cancellationToken)
    {
        private AccessEvent? _audited;

        public override NormalisedRecord? Normalised(CandidateIndex index) => index.Find(Key)?.Normalised;

        public override MembershipChange? Decide(PersonLinker linker, string actor)
        {
            var change = linker.Remove(Key, actor);
            Result = change is null ? null : new RemovedRecord(change.Events[0].FromPersonId!, change.RetiredPersons.Count > 0);
            // A record not held changes nothing: the request is refused, and its own event says so.
            if (change is not null && Audit is { } audit)
            {
                _audited = audit.Event(AccessAction.Delete, AccessOutcome.Success, changed: [Key, .. ChangeSubjects.RecordsOf([change])],
                    persons: ChangeSubjects.PersonsOf([change]));
                change.AuditEvents.Add(_audited);
            }
            return change;
        }

        public override void Complete()
        {
            if (_audited is not null) Audit!.Committed(_audited);
            base.Complete();
        }
    }
}

/// <summary>A record withdrawn: the person it left, and whether that person is now retired.</summary>
public sealed record RemovedRecord(string PersonId, bool PersonRetired);
