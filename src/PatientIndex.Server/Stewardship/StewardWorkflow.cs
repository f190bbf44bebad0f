using PatientIndex.Core.Audit;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Stewardship;

/// <summary>
/// What the gRPC service and the web page share: steward actions run through the link queue (one
/// writer with match-and-link, under the block-key locks of the records and persons they touch), and
/// the read models a steward looks at. Each tells the request's <see cref="AuditScope"/> what it names
/// and, for a read, what the steward is shown.
/// </summary>
public sealed class StewardWorkflow(LinkQueue queue, StewardDesk desk, PersonLinker linker, IPatientIndexStore store, IndexLoader loader,
    IdentityService identities, TimeProvider clock, Microsoft.Extensions.Options.IOptions<StewardshipOptions> options)
{
    private readonly TimeSpan _claimFor = TimeSpan.FromMinutes(options.Value.ClaimMinutes);

    public async Task<StewardOutcome> ResolveAsync(string taskId, ReviewVerdict verdict, IReadOnlyList<RecordKey> candidates, bool overrideAssertions,
        string reason, string user, CancellationToken cancellationToken)
    {
        var task = await store.FindReviewTaskAsync(taskId, cancellationToken);
        RecordKey[] records = task is null ? [] : [task.Record, .. task.Candidates.Select(c => c.Record)];
        string[] persons = task is null ? [] : [task.PersonId, .. task.Candidates.Select(c => c.PersonId)];
        AuditScope.Current?.Asks(records: records, persons: persons);
        var outcome = await queue.RunExclusiveAsync(records, persons, AccessAction.StewardResolve,
            ct => desk.ResolveAsync(taskId, verdict, candidates, overrideAssertions, reason, user, ct), cancellationToken);
        // A resolved task's claim no longer counts; a deferred one is put down for whoever takes it up next.
        if (verdict == ReviewVerdict.Defer) await store.ReleaseReviewTaskAsync(taskId, user, cancellationToken);
        return outcome;
    }

    public Task<StewardOutcome> LinkAsync(RecordKey record, RecordKey to, bool overrideAssertions, string reason, string user, CancellationToken cancellationToken) =>
        Asking([record, to], []).RunExclusiveAsync([record, to], [], AccessAction.StewardLink, ct => desk.LinkRecordsAsync(record, to, overrideAssertions, reason, user, ct), cancellationToken);

    public Task<StewardOutcome> UnlinkAsync(RecordKey record, UnlinkMode mode, string reason, string user, CancellationToken cancellationToken) =>
        Asking([record], []).RunExclusiveAsync([record], [], AccessAction.StewardUnlink, ct => desk.UnlinkRecordAsync(record, mode, reason, user, ct), cancellationToken);

    public Task<StewardOutcome> MergeAsync(string from, string into, bool overrideAssertions, string reason, string user, CancellationToken cancellationToken) =>
        Asking([], [from, into]).RunExclusiveAsync([], [from, into], AccessAction.StewardMerge, ct => desk.MergePersonsAsync(from, into, overrideAssertions, reason, user, ct), cancellationToken);

    public async Task<StewardOutcome> UnmergeAsync(string mergeId, string reason, string user, CancellationToken cancellationToken)
    {
        var merge = await store.FindMergeAsync(mergeId, cancellationToken);
        AuditScope.Current?.Asks(records: merge?.Records, persons: merge is null ? null : [merge.FromPersonId, merge.IntoPersonId]);
        return await queue.RunExclusiveAsync(merge?.Records ?? [], merge is null ? [] : [merge.FromPersonId, merge.IntoPersonId],
            AccessAction.StewardUnmerge, ct => desk.UnmergeAsync(mergeId, reason, user, ct), cancellationToken);
    }

    /// <summary>A source system's merge of its record into another of its records (see <see cref="StewardDesk.MergeSourceRecordsAsync"/>).</summary>
    public Task<StewardOutcome> MergeSourceRecordsAsync(RecordKey replaced, RecordKey survivor, CancellationToken cancellationToken) =>
        Asking([replaced, survivor], []).RunExclusiveAsync([replaced, survivor], [], AccessAction.SourceMerge, ct => desk.MergeSourceRecordsAsync(replaced, survivor, ct), cancellationToken);

    public async Task<ReviewTaskPage> ListAsync(ReviewTaskQuery query, CancellationToken cancellationToken)
    {
        var page = await store.ListReviewTasksAsync(query, cancellationToken);
        AuditScope.Current?.Discloses(page.Tasks.SelectMany(t => t.Candidates.Select(c => c.Record).Prepend(t.Record)),
            page.Tasks.SelectMany(t => t.Candidates.Select(c => c.PersonId).Prepend(t.PersonId)));
        return page;
    }

    /// <summary>A page of the queue with the records a steward triages by: the task's record and its most likely candidate's.</summary>
    public async Task<QueueView> TriageAsync(QueueFilter filter, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var page = await ListAsync(filter.ToQuery(now), cancellationToken);
        var claims = await store.ClaimsOfAsync(page.Tasks.Select(t => t.TaskId).ToList(), now, cancellationToken);
        var best = page.Tasks.ToDictionary(t => t.TaskId, t => t.Candidates.MaxBy(c => c.Probability));
        RecordKey[] keys = [.. page.Tasks.Select(t => t.Record), .. best.Values.OfType<ReviewCandidate>().Select(c => c.Record)];
        var records = (await store.FindRecordsAsync(keys, cancellationToken)).ToDictionary(r => r.Key);
        var rows = page.Tasks.Select(task => new QueueRow(task, records.GetValueOrDefault(task.Record), best[task.TaskId],
            best[task.TaskId] is { } b ? records.GetValueOrDefault(b.Record) : null, claims.GetValueOrDefault(task.TaskId)?.Steward)).ToList();
        return new QueueView(filter, rows, page.Total);
    }

    /// <summary>The oldest open task no other steward holds, or null when there is none.</summary>
    public async Task<string?> NextTaskForAsync(string steward, CancellationToken cancellationToken)
    {
        var next = await store.ListReviewTasksAsync(new ReviewTaskQuery { Limit = 1, AvailableTo = steward, Now = clock.GetUtcNow() }, cancellationToken);
        return next.Tasks.Count > 0 ? next.Tasks[0].TaskId : null;
    }

    /// <summary>Holds the task for the steward who opened it, unless another steward holds it; the holder, or null for a resolved task.</summary>
    public async Task<string?> ClaimAsync(string taskId, string steward, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return (await store.ClaimReviewTaskAsync(taskId, steward, now, now + _claimFor, cancellationToken))?.Steward;
    }

    /// <summary>The persons a steward's search finds, most likely first: one by a source's record id, else by matching the demographics.</summary>
    public async Task<IReadOnlyList<PersonFound>> SearchAsync(PersonSearch search, int limit, CancellationToken cancellationToken)
    {
        if (search.IsEmpty) return [];
        var found = new List<PersonFound>();
        if (search.ByRecordId)
        {
            var key = new RecordKey(search.Source!.Trim(), search.RecordId!.Trim());
            AuditScope.Current?.Asks(records: [key]);
            if (await identities.PersonOfAsync(key, cancellationToken) is { } person) found.Add(new PersonFound(person.PersonId, null, person.Records));
        }
        else
        {
            var (candidates, _) = await identities.MatchAsync(search.AsRecord(), limit, cancellationToken);
            foreach (var best in candidates.GroupBy(c => c.PersonId).Select(g => g.MaxBy(c => c.Probability)!).OrderByDescending(c => c.Probability))
                if (await store.FindPersonAsync(best.PersonId, cancellationToken) is { } person)
                    found.Add(new PersonFound(person.PersonId, best.Probability, person.Records));
        }
        AuditScope.Current?.Discloses(found.SelectMany(p => p.Records.Select(r => r.Key)), found.Select(p => p.PersonId));
        return found;
    }

    /// <summary>A task with its record and every candidate compared with it now, or null when unknown.</summary>
    public async Task<ReviewTaskView?> ViewAsync(string taskId, CancellationToken cancellationToken)
    {
        await loader.Ready.WaitAsync(cancellationToken);
        if (await store.FindReviewTaskAsync(taskId, cancellationToken) is not { } task) return null;
        var record = await store.FindRecordAsync(task.Record, cancellationToken);
        var candidates = new List<CandidateView>();
        foreach (var candidate in task.Candidates)
        {
            if (await store.FindRecordAsync(candidate.Record, cancellationToken) is not { } stored) continue;
            var explained = linker.Explain(task.Record, candidate.Record);
            candidates.Add(new CandidateView(stored, explained, record is null ? [] : Differing(record.Record, stored.Record)));
        }
        AuditScope.Current?.Discloses(candidates.Select(c => c.Stored.Key).Prepend(task.Record),
            candidates.Select(c => c.Stored.Link.PersonId).Prepend(record?.Link.PersonId ?? task.PersonId));
        return new ReviewTaskView(task, record, candidates);
    }

    public async Task<HistoryView> HistoryOfPersonAsync(string personId, CancellationToken cancellationToken)
    {
        AuditScope.Current?.Asks(persons: [personId]);
        var history = new HistoryView(
            await store.EventsOfPersonAsync(personId, cancellationToken),
            await store.MergesOfPersonAsync(personId, cancellationToken),
            await store.FindPersonAsync(personId, cancellationToken));
        Disclose(history);
        return history;
    }

    public async Task<HistoryView> HistoryOfRecordAsync(RecordKey key, CancellationToken cancellationToken)
    {
        AuditScope.Current?.Asks(records: [key]);
        var history = new HistoryView(await store.EventsOfRecordAsync(key, cancellationToken), [], null);
        Disclose(history);
        return history;
    }

    private static void Disclose(HistoryView history) => AuditScope.Current?.Discloses(
        history.Events.Select(e => e.Record).Concat(history.Person?.Records.Select(r => r.Key) ?? []),
        history.Events.SelectMany(e => new[] { e.FromPersonId, e.ToPersonId }).OfType<string>()
            .Concat(history.Merges.SelectMany(m => new[] { m.FromPersonId, m.IntoPersonId })));

    /// <summary>The queue, once the request's scope knows what the action names (kept should it be refused).</summary>
    private LinkQueue Asking(IEnumerable<RecordKey> records, IEnumerable<string> persons)
    {
        AuditScope.Current?.Asks(records: records, persons: persons);
        return queue;
    }

    /// <summary>Fields both records hold with different values (ignoring case, spacing and punctuation).</summary>
    public static IReadOnlyList<CanonicalField> Differing(SourceRecord a, SourceRecord b) =>
        CanonicalFields.All.Skip(2).Where(f => FieldAgreement.Of(a[f], b[f]) == Agreement.Differs).ToList();
}
