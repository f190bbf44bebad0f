using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

public sealed partial class StewardDesk
{
    /// <summary>
    /// Resolves a review task. Same person: the task's record joins the candidate's person (alone in
    /// its person it moves; with other records, its person is merged into the candidate's, undoably).
    /// Different persons: an assertion per candidate, and where the two are in one person now, the
    /// task's record leaves it for a person of its own. Both confirm the records they name.
    /// </summary>
    /// <param name="candidates">The candidates the verdict is about; empty means the task's candidates
    /// in other persons (the strongest one for a same-person verdict).</param>
    public async Task<StewardOutcome> ResolveAsync(string taskId, ReviewVerdict verdict, IReadOnlyList<RecordKey> candidates,
        bool overrideAssertions, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var task = await store.FindReviewTaskAsync(taskId, cancellationToken) ?? throw StewardshipException.NotFound($"review task {taskId}");
        if (task.Status == ReviewTaskStatus.Resolved)
            throw StewardshipException.Refused($"review task {taskId} is already resolved ({task.Resolution?.Actor}, {task.Resolution?.At:u})");
        var plan = Plan(reason, actor);
        if (verdict == ReviewVerdict.Defer)
        {
            plan.Change.ResolvedReviewTasks.Add(new ReviewTaskResolution(taskId, ReviewTaskStatus.Deferred, null, actor, plan.At, reason));
            return await CommitAsync(plan, cancellationToken);
        }
        var record = await plan.RecordAsync(task.Record, cancellationToken);
        var targets = await TargetsAsync(plan, task, record, candidates, cancellationToken);
        string? mergeId = null;
        if (verdict == ReviewVerdict.SamePerson) mergeId = await SamePersonAsync(plan, task, record, targets[0], overrideAssertions, cancellationToken);
        else await DifferentPersonsAsync(plan, task, record, targets);
        var stewardVerdict = verdict == ReviewVerdict.SamePerson ? StewardVerdict.SamePerson : StewardVerdict.DifferentPersons;
        plan.Change.ResolvedReviewTasks.Add(new ReviewTaskResolution(taskId, ReviewTaskStatus.Resolved, stewardVerdict, actor, plan.At, reason));
        return await CommitAsync(plan, cancellationToken) with { MergeId = mergeId };
    }

    private static async Task<List<StoredRecord>> TargetsAsync(StewardPlan plan, ReviewTask task, StoredRecord record,
        IReadOnlyList<RecordKey> chosen, CancellationToken cancellationToken)
    {
        foreach (var key in chosen)
            if (!task.Candidates.Any(c => c.Record == key)) throw StewardshipException.Refused($"{key} is not a candidate of review task {task.TaskId}");
        var keys = chosen.Count > 0 ? chosen : task.Candidates.Select(c => c.Record).ToList();
        var targets = new List<StoredRecord>();
        foreach (var key in keys)
        {
            try { targets.Add(await plan.RecordAsync(key, cancellationToken)); }
            catch (StewardshipException e) when (e.Error == StewardshipError.NotFound && chosen.Count == 0) { } // withdrawn since
        }
        if (targets.Count == 0) throw StewardshipException.Refused($"no candidate of review task {task.TaskId} is still held");
        if (chosen.Count > 0) return targets;
        var elsewhere = targets.Where(t => t.Link.PersonId != record.Link.PersonId).ToList();
        return elsewhere.Count > 0 ? elsewhere : targets;
    }

    private async Task<string?> SamePersonAsync(StewardPlan plan, ReviewTask task, StoredRecord record, StoredRecord candidate,
        bool overrideAssertions, CancellationToken cancellationToken)
    {
        var why = $"steward resolved review task {task.TaskId}: same person as {candidate.Key}";
        if (record.Link.PersonId == candidate.Link.PersonId)
        {
            plan.Decide(StewardVerdict.SamePerson, record.Key, candidate.Key, task.TaskId);
            plan.Confirm(record, why);
            plan.Confirm(candidate, why);
            return null;
        }
        var companions = await plan.MembersAsync(record.Link.PersonId, cancellationToken);
        if (companions.Count == 1)
        {
            await JoinAsync(plan, record, candidate, overrideAssertions, why, task.TaskId, cancellationToken);
            return null;
        }
        plan.Decide(StewardVerdict.SamePerson, record.Key, candidate.Key, task.TaskId);
        return await MergeAsync(plan, record.Link.PersonId, candidate.Link.PersonId, overrideAssertions, cancellationToken);
    }

    private static Task DifferentPersonsAsync(StewardPlan plan, ReviewTask task, StoredRecord record, List<StoredRecord> targets)
    {
        var why = $"steward resolved review task {task.TaskId}: not the same person as {string.Join(", ", targets.Select(t => t.Key))}";
        foreach (var target in targets) plan.Decide(StewardVerdict.DifferentPersons, record.Key, target.Key, task.TaskId);
        var sharing = targets.Any(t => t.Link.PersonId == record.Link.PersonId);
        if (sharing) plan.Move(record, plan.NewPerson(), why);
        else plan.Confirm(record, why);
        foreach (var target in targets.Where(t => !t.Link.Confirmed)) plan.Confirm(target, why);
        return Task.CompletedTask;
    }
}
