using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Core.Linkage;

/// <summary>
/// A bulk linkage result as store changes: one person per cluster, each record linked with the
/// strongest link that put it there, one link event per record, and a review task per review pair
/// (for the first record of the pair, naming the other as the candidate).
/// </summary>
public static class LinkageMembership
{
    public const string Actor = "bulk-linkage";

    /// <param name="model">The model version the links record as deciding them; the run's scorer name when null.</param>
    public static List<MembershipChange> Changes(IReadOnlyList<SourceRecord> records, LinkageResult result, DateTimeOffset now, Func<string> newId, string? model = null)
    {
        model ??= result.ScorerName;
        var personIds = new string[result.Persons];
        for (var p = 0; p < personIds.Length; p++) personIds[p] = newId();
        var strongest = new double[records.Count];
        foreach (var link in result.Links)
        {
            if (link.Decision != Decision.Link || result.PersonOf[link.Left] != result.PersonOf[link.Right]) continue;
            strongest[link.Left] = Math.Max(strongest[link.Left], link.Probability);
            strongest[link.Right] = Math.Max(strongest[link.Right], link.Probability);
        }

        var changes = new MembershipChange[personIds.Length];
        for (var p = 0; p < personIds.Length; p++)
        {
            changes[p] = new MembershipChange();
            changes[p].NewPersons.Add(new NewPerson(personIds[p], now));
        }
        var tasks = ReviewTasks(records, result, personIds, now, newId);
        for (var i = 0; i < records.Count; i++)
        {
            var personId = personIds[result.PersonOf[i]];
            var key = new RecordKey(records[i].Source, records[i].RecordId);
            var task = tasks.GetValueOrDefault(i);
            var outcome = task is not null ? LinkOutcome.Review : strongest[i] > 0 ? LinkOutcome.Linked : LinkOutcome.NewPerson;
            var probability = task?.Probability ?? strongest[i];
            var link = new Link(personId, outcome, probability, model, false, task?.TaskId, now);
            var change = changes[result.PersonOf[i]];
            change.SavedRecords.Add(new StoredRecord(records[i], link));
            change.Events.Add(new LinkEvent(0, now, LinkEventKind.RecordLinked, key, null, personId,
                outcome == LinkOutcome.Linked ? "bulk linkage: clustered with its strongest links" : "bulk linkage: a person of its own",
                model, probability, Actor));
            if (task is not null) change.OpenedReviewTasks.Add(task);
        }
        return [.. changes];
    }

    /// <summary>One task per record that heads a review pair, with every other record it was paired with for review.</summary>
    private static Dictionary<int, ReviewTask> ReviewTasks(IReadOnlyList<SourceRecord> records, LinkageResult result, string[] personIds, DateTimeOffset now, Func<string> newId)
    {
        var tasks = new Dictionary<int, ReviewTask>();
        foreach (var group in result.ReviewPairs.GroupBy(r => r.Pair.Left))
        {
            var left = group.Key;
            var candidates = group
                .Select(r => new ReviewCandidate(new RecordKey(records[r.Pair.Right].Source, records[r.Pair.Right].RecordId), personIds[result.PersonOf[r.Pair.Right]], r.Pair.Probability))
                .DistinctBy(c => c.Record)
                .ToList();
            var first = group.MaxBy(r => r.Pair.Probability)!;
            tasks[left] = new ReviewTask(newId(), now, new RecordKey(records[left].Source, records[left].RecordId),
                personIds[result.PersonOf[left]], first.Reason, first.Pair.Probability, candidates);
        }
        return tasks;
    }
}
