using PatientIndex.Core.Matching;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

/// <summary>
/// The data steward's actions: resolve review tasks, link and unlink records, merge persons and undo
/// merges. Each action reads what it touches, decides, writes one membership change (with a link
/// event per record and the acting user) and then brings the candidate index and the assertions up
/// to date. Like the linker, one writer at a time: the caller serialises these with match-and-link.
/// </summary>
/// <param name="write">Where a change is written: the store by default; the server passes its link
/// queue's linking scope, so the change is taken under the replicas' locks and enters the change sequence.</param>
public sealed partial class StewardDesk(IPatientIndexStore store, PersonLinker linker, TimeProvider clock, Func<string> newId,
    Func<IReadOnlyList<MembershipChange>, CancellationToken, Task>? write = null)
{
    private DifferentPersons Assertions => linker.Assertions;

    public async Task<StewardOutcome> LinkRecordsAsync(RecordKey record, RecordKey to, bool overrideAssertions, string reason, string actor,
        CancellationToken cancellationToken = default)
    {
        var plan = Plan(reason, actor);
        var moving = await plan.RecordAsync(record, cancellationToken);
        var target = await plan.RecordAsync(to, cancellationToken);
        if (moving.Key == target.Key) throw StewardshipException.Refused("a record cannot be linked to itself");
        await JoinAsync(plan, moving, target, overrideAssertions, "steward linked it to " + to, null, cancellationToken);
        return await CommitAsync(plan, cancellationToken);
    }

    public async Task<StewardOutcome> UnlinkRecordAsync(RecordKey record, UnlinkMode mode, string reason, string actor,
        CancellationToken cancellationToken = default)
    {
        var plan = Plan(reason, actor);
        var leaving = await plan.RecordAsync(record, cancellationToken);
        var others = (await plan.MembersAsync(leaving.Link.PersonId, cancellationToken)).Where(r => r.Key != record).ToList();
        if (others.Count == 0) throw StewardshipException.Refused($"{record} is already the only record of its person");
        // Unlinking says the record is not the person it was in: remembered, so nothing puts it back by itself.
        foreach (var other in others) plan.Decide(StewardVerdict.DifferentPersons, record, other.Key, null);
        if (mode == UnlinkMode.OwnPerson)
        {
            plan.Move(leaving, plan.NewPerson(), "steward unlinked it into a person of its own");
            return await CommitAsync(plan, cancellationToken);
        }
        return await RematchAsync(plan, leaving, cancellationToken);
    }

    public async Task<StewardOutcome> MergePersonsAsync(string fromPersonId, string intoPersonId, bool overrideAssertions, string reason, string actor,
        CancellationToken cancellationToken = default)
    {
        if (fromPersonId == intoPersonId) throw StewardshipException.Refused("a person cannot be merged into itself");
        var plan = Plan(reason, actor);
        var mergeId = await MergeAsync(plan, fromPersonId, intoPersonId, overrideAssertions, cancellationToken);
        return await CommitAsync(plan, cancellationToken) with { MergeId = mergeId };
    }

    /// <summary>
    /// Puts back exactly the records the merge moved, into the person they came from. They are looked
    /// for in the surviving person and in any person it was merged into since; a record that a later
    /// decision moved elsewhere (or its source withdrew) stays where it is and is reported.
    /// </summary>
    public async Task<StewardOutcome> UnmergeAsync(string mergeId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var merge = await store.FindMergeAsync(mergeId, cancellationToken) ?? throw StewardshipException.NotFound($"merge {mergeId}");
        if (merge.Undone is { } undone) throw StewardshipException.Refused($"merge {mergeId} was already undone by {undone.Actor} at {undone.At:u}");
        var plan = Plan(reason, actor);
        var holders = await SurvivorsOfAsync(merge.IntoPersonId, cancellationToken);
        var back = new List<StoredRecord>();
        var notRestored = new List<RecordKey>();
        foreach (var key in merge.Records)
        {
            var stored = await store.FindRecordAsync(key, cancellationToken);
            if (stored is not null && holders.Contains(stored.Link.PersonId)) back.Add(await plan.RecordAsync(key, cancellationToken));
            else notRestored.Add(key);
        }
        if (back.Count == 0) throw StewardshipException.Refused($"none of the records merge {mergeId} moved is still where the merge put them");
        plan.Revive(merge.FromPersonId);
        foreach (var record in back) plan.Move(record, merge.FromPersonId, $"steward undid merge {mergeId}");
        plan.Change.UndoneMerges.Add(new MergeUndo(mergeId, plan.At, actor));
        return await CommitAsync(plan, cancellationToken) with { MergeId = mergeId, NotRestored = notRestored };
    }

    private StewardPlan Plan(string reason, string actor) => new(store, Assertions, actor, reason, clock.GetUtcNow(), newId);

    /// <summary>The moving record joins the target's person, confirmed with it; the pair is recorded as the same person.</summary>
    private static async Task JoinAsync(StewardPlan plan, StoredRecord moving, StoredRecord target, bool overrideAssertions, string why,
        string? taskId, CancellationToken cancellationToken)
    {
        plan.Decide(StewardVerdict.SamePerson, moving.Key, target.Key, taskId);
        var residents = await plan.MembersAsync(target.Link.PersonId, cancellationToken);
        plan.CheckAssertions([moving.Key], residents.Select(r => r.Key), overrideAssertions);
        plan.Move(moving, target.Link.PersonId, why);
        if (!target.Link.Confirmed) plan.Confirm(target, "steward confirmed " + moving.Key + " belongs with it");
    }

    private static async Task<string> MergeAsync(StewardPlan plan, string fromPersonId, string intoPersonId, bool overrideAssertions,
        CancellationToken cancellationToken)
    {
        var from = (await plan.MembersAsync(fromPersonId, cancellationToken)).ToList();
        var into = await plan.MembersAsync(intoPersonId, cancellationToken);
        plan.CheckAssertions(from.Select(r => r.Key), into.Select(r => r.Key), overrideAssertions);
        var mergeId = plan.NewId();
        foreach (var record in from) plan.Move(record, intoPersonId, $"steward merged person {fromPersonId} into {intoPersonId} (merge {mergeId})");
        plan.Change.Merges.Add(new PersonMerge(mergeId, plan.At, plan.Actor, plan.Reason, fromPersonId, intoPersonId, [.. from.Select(r => r.Key)]));
        return mergeId;
    }

    /// <summary>The person and every person it was merged into since (a chain of merges not undone).</summary>
    private async Task<HashSet<string>> SurvivorsOfAsync(string personId, CancellationToken cancellationToken)
    {
        var chain = new HashSet<string>(StringComparer.Ordinal) { personId };
        var current = personId;
        while (true)
        {
            var merges = await store.MergesOfPersonAsync(current, cancellationToken);
            var onward = merges.LastOrDefault(m => m.FromPersonId == current && m.Undone is null);
            if (onward is null || !chain.Add(onward.IntoPersonId)) return chain;
            current = onward.IntoPersonId;
        }
    }

    private async Task<StewardOutcome> RematchAsync(StewardPlan plan, StoredRecord leaving, CancellationToken cancellationToken)
    {
        Assertions.ApplyAll(plan.Change.Decisions);
        var before = linker.Index.Find(leaving.Key);
        var result = linker.Rematch(leaving.Record, plan.Actor, "steward unlinked it: " + plan.Reason);
        var change = result.Change!;
        change.Decisions.AddRange(plan.Change.Decisions);
        try
        {
            await WriteAsync([change], cancellationToken);
        }
        catch
        {
            if (before is not null) linker.Restore(leaving.Key, leaving, before.Normalised);
            foreach (var moved in change.RelinkedRecords)
                if (linker.Index.Find(moved.Key) is { } held) linker.Restore(moved.Key, await store.FindRecordAsync(moved.Key, CancellationToken.None), held.Normalised);
            await ReloadAssertionsAsync();
            throw;
        }
        return new StewardOutcome(change, [.. new[] { leaving.Link.PersonId, result.PersonId }.Distinct()]);
    }

    private async Task<StewardOutcome> CommitAsync(StewardPlan plan, CancellationToken cancellationToken)
    {
        var persons = plan.Finish();
        await WriteAsync([plan.Change], cancellationToken);
        foreach (var saved in plan.Change.SavedRecords) linker.Index.Relink(saved.Key, saved.Link);
        Assertions.ApplyAll(plan.Change.Decisions);
        return new StewardOutcome(plan.Change, persons);
    }

    private Task WriteAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken) =>
        write is null ? store.ApplyAsync(changes, cancellationToken) : write(changes, cancellationToken);

    /// <summary>Loads the assertions in force from the store's decisions (at start-up, and after a failed write).</summary>
    public async Task ReloadAssertionsAsync(CancellationToken cancellationToken = default)
    {
        var decisions = await store.ReadDecisionsAsync(cancellationToken);
        Assertions.Clear();
        Assertions.ApplyAll(decisions);
    }
}
