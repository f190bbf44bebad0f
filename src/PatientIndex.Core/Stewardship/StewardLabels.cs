using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

/// <summary>
/// Steward decisions as labelled pairs for training: the decision in force on each pair (the latest),
/// 1 for the same person and 0 for different persons, in the order the pairs were first decided.
/// </summary>
public static class StewardLabels
{
    public static IReadOnlyList<LabelledPair> From(IEnumerable<StewardDecision> decisionsInOrder)
    {
        var latest = new Dictionary<(RecordKey, RecordKey), int>();
        var order = new List<(RecordKey Left, RecordKey Right)>();
        foreach (var d in decisionsInOrder)
        {
            var pair = (d.Left, d.Right);
            if (!latest.ContainsKey(pair)) order.Add(pair);
            latest[pair] = d.Verdict == StewardVerdict.SamePerson ? 1 : 0;
        }
        return order.Select(p => new LabelledPair(p.Left, p.Right, latest[p])).ToList();
    }
}
