using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

/// <summary>
/// What must hold after every change, whoever made it: each source record is in exactly one active
/// person, no active person is empty, no person holds two records asserted to be different persons,
/// and replaying the link events gives exactly the stored membership.
/// </summary>
public static class MembershipInvariants
{
    public static List<string> Violations(IReadOnlyList<StoredRecord> records, IReadOnlySet<string> activePersons,
        DifferentPersons assertions, MembershipReplay replay)
    {
        var violations = new List<string>(replay.Problems);
        var seen = new HashSet<RecordKey>();
        foreach (var record in records)
        {
            if (!seen.Add(record.Key)) violations.Add($"{record.Key} is held twice");
            if (!activePersons.Contains(record.Link.PersonId)) violations.Add($"{record.Key} is in {record.Link.PersonId}, which is not an active person");
        }
        var byPerson = records.GroupBy(r => r.Link.PersonId).ToDictionary(g => g.Key, g => g.Select(r => r.Key).ToList());
        violations.AddRange(activePersons.Where(p => !byPerson.ContainsKey(p)).Select(p => $"person {p} is empty"));
        foreach (var (person, members) in byPerson)
            foreach (var a in members)
                foreach (var b in assertions.ApartFrom(a))
                    if (string.CompareOrdinal(a.ToString(), b.ToString()) < 0 && members.Contains(b)) violations.Add($"person {person} holds {a} and {b}, asserted different persons");
        violations.AddRange(MembershipDifferences(records, replay.PersonOf));
        return violations;
    }

    private static IEnumerable<string> MembershipDifferences(IReadOnlyList<StoredRecord> records, IReadOnlyDictionary<RecordKey, string> replayed)
    {
        foreach (var record in records)
        {
            var rebuilt = replayed.GetValueOrDefault(record.Key);
            if (rebuilt != record.Link.PersonId) yield return $"replay puts {record.Key} in {rebuilt ?? "no person"}, the store in {record.Link.PersonId}";
        }
        if (replayed.Count != records.Count) yield return $"replay holds {replayed.Count} records, the store {records.Count}";
    }
}
