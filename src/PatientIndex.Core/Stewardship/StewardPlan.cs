using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

/// <summary>
/// One steward action being worked out: a working copy of the persons it touches (read from the
/// store once), and the membership change that records every move, confirmation and decision.
/// </summary>
/// <param name="model">What decided, in each link and event: a steward, or a source's own merge.</param>
internal sealed class StewardPlan(IPatientIndexStore store, DifferentPersons assertions, string actor, string reason, DateTimeOffset at, Func<string> newId,
    string model = StewardPlan.Model)
{
    public const string Model = "steward";

    private readonly Dictionary<string, List<StoredRecord>> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    public MembershipChange Change { get; } = new();
    public string Actor => actor;
    public string Reason => reason;
    public DateTimeOffset At => at;
    public string NewId() => newId();

    public async Task<StoredRecord> RecordAsync(RecordKey key, CancellationToken cancellationToken)
    {
        foreach (var members in _members.Values)
            if (members.Find(r => r.Key == key) is { } known) return known;
        var stored = await store.FindRecordAsync(key, cancellationToken) ?? throw StewardshipException.NotFound($"record {key}");
        var ofPerson = await MembersAsync(stored.Link.PersonId, cancellationToken);
        return ofPerson.First(m => m.Key == key);
    }

    public async Task<List<StoredRecord>> MembersAsync(string personId, CancellationToken cancellationToken)
    {
        if (_members.TryGetValue(personId, out var members)) return members;
        var person = await store.FindPersonAsync(personId, cancellationToken) ?? throw StewardshipException.NotFound($"person {personId}");
        _members[personId] = members = [.. person.Records];
        return members;
    }

    public string NewPerson()
    {
        var personId = newId();
        Change.NewPersons.Add(new NewPerson(personId, at));
        _members[personId] = [];
        return personId;
    }

    public void Revive(string personId)
    {
        Change.RevivedPersons.Add(personId);
        _members[personId] = [];
    }

    /// <summary>Moves the record (or, when it is already there, confirms it) with a steward-confirmed link.</summary>
    public StoredRecord Move(StoredRecord record, string toPersonId, string why)
    {
        var from = record.Link.PersonId;
        var link = new Link(toPersonId, LinkOutcome.Linked, record.Link.Probability, model, true, record.Link.ReviewTaskId, at);
        var moved = new StoredRecord(record.Record, link);
        _members[from].RemoveAll(r => r.Key == record.Key);
        _members[toPersonId].Add(moved);
        _touched.Add(from);
        _touched.Add(toPersonId);
        Change.SavedRecords.RemoveAll(r => r.Key == record.Key);
        Change.SavedRecords.Add(moved);
        var kind = from == toPersonId ? LinkEventKind.RecordConfirmed : LinkEventKind.RecordMoved;
        Change.Events.Add(new LinkEvent(0, at, kind, record.Key, from, toPersonId, string.IsNullOrWhiteSpace(reason) ? why : $"{why}: {reason}", model, null, actor));
        return moved;
    }

    public StoredRecord Confirm(StoredRecord record, string why) => Move(record, record.Link.PersonId, why);

    public void Decide(StewardVerdict verdict, RecordKey a, RecordKey b, string? taskId)
    {
        var (left, right) = string.CompareOrdinal(a.ToString(), b.ToString()) <= 0 ? (a, b) : (b, a);
        Change.Decisions.Add(new StewardDecision(newId(), at, actor, verdict, left, right, reason, taskId));
    }

    /// <summary>
    /// Refuses to bring records together that a steward asserted to be different persons, unless this
    /// steward overrides, in which case the override is recorded as a same-person decision per pair.
    /// </summary>
    public void CheckAssertions(IEnumerable<RecordKey> incoming, IEnumerable<RecordKey> residents, bool overrideAssertions)
    {
        var conflicts = (from a in incoming from b in residents where a != b && assertions.Apart(a, b) && !Retracted(a, b) select (a, b)).ToList();
        if (conflicts.Count == 0) return;
        if (!overrideAssertions)
            throw StewardshipException.Refused("a steward asserted these are different persons: "
                + string.Join(", ", conflicts.Select(c => $"{c.a} and {c.b}")) + " (override the assertions to link them anyway)");
        foreach (var (a, b) in conflicts) Decide(StewardVerdict.SamePerson, a, b, null);
    }

    /// <summary>Retires the persons this plan emptied; the persons it touched that are still served.</summary>
    public List<string> Finish()
    {
        foreach (var personId in _touched.Where(p => _members[p].Count == 0)) Change.RetiredPersons.Add(personId);
        return [.. _touched.Where(p => _members[p].Count > 0)];
    }

    private bool Retracted(RecordKey a, RecordKey b) =>
        Change.Decisions.Any(d => d.Verdict == StewardVerdict.SamePerson && ((d.Left == a && d.Right == b) || (d.Left == b && d.Right == a)));
}
