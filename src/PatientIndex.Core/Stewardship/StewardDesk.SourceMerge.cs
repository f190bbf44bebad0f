using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

public sealed partial class StewardDesk
{
    /// <summary>
    /// A source system's own merge: its record <paramref name="replaced"/> is a duplicate of its record
    /// <paramref name="survivor"/>. The duplicate alone moves to the survivor's person, confirmed there
    /// (automatic matching never moves it back), with the source as the actor; the move is kept as a
    /// merge of that one record, so a steward undoes it as any merge is undone. A source does not
    /// override a steward: a record asserted to be a different person from one in the survivor's person
    /// is refused. A merge already made writes nothing.
    /// </summary>
    public async Task<StewardOutcome> MergeSourceRecordsAsync(RecordKey replaced, RecordKey survivor, CancellationToken cancellationToken = default)
    {
        if (replaced.Source != survivor.Source)
            throw StewardshipException.Refused($"a source merges only its own records: {survivor} is not a {replaced.Source} record");
        if (replaced == survivor) throw StewardshipException.Refused($"{replaced} cannot replace itself");
        var why = SourceMerge.ReasonFor(survivor);
        var plan = new StewardPlan(store, Assertions, SourceMerge.ActorOf(replaced.Source), "", clock.GetUtcNow(), newId, SourceMerge.Model);
        var moving = await plan.RecordAsync(replaced, cancellationToken);
        var target = await plan.RecordAsync(survivor, cancellationToken);
        var (fromPersonId, intoPersonId) = (moving.Link.PersonId, target.Link.PersonId);
        if (fromPersonId == intoPersonId)
        {
            if (SourceMerge.LastSurvivor(await store.EventsOfRecordAsync(replaced, cancellationToken)) == survivor)
                return new StewardOutcome(new MembershipChange(), [intoPersonId]);
            plan.Confirm(moving, why);
            return await CommitAsync(plan, cancellationToken);
        }
        var apart = (await plan.MembersAsync(intoPersonId, cancellationToken)).Where(r => Assertions.Apart(replaced, r.Key)).Select(r => r.Key).ToList();
        if (apart.Count > 0)
            throw StewardshipException.Refused($"a steward asserted {replaced} is a different person from {string.Join(", ", apart)}, and a source does not override a steward");
        var mergeId = plan.NewId();
        plan.Move(moving, intoPersonId, why);
        plan.Change.Merges.Add(new PersonMerge(mergeId, plan.At, plan.Actor, why, fromPersonId, intoPersonId, [replaced]));
        return await CommitAsync(plan, cancellationToken) with { MergeId = mergeId };
    }
}
