using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

/// <summary>
/// Rebuilds membership (record → person) from the link event log alone. The log is the audit: if
/// replaying it does not give the membership the store holds, some change was made without its event.
/// </summary>
public sealed class MembershipReplay
{
    private readonly Dictionary<RecordKey, string> _personOf = new();
    private readonly List<string> _problems = [];

    public IReadOnlyDictionary<RecordKey, string> PersonOf => _personOf;

    /// <summary>Events that contradict the membership before them (a move from a person the record was not in…).</summary>
    public IReadOnlyList<string> Problems => _problems;

    public long LastEventId { get; private set; }

    public static MembershipReplay Of(IEnumerable<LinkEvent> events)
    {
        var replay = new MembershipReplay();
        foreach (var e in events) replay.Apply(e);
        return replay;
    }

    public void Apply(LinkEvent e)
    {
        LastEventId = Math.Max(LastEventId, e.EventId);
        var current = _personOf.GetValueOrDefault(e.Record);
        if (e.Kind != LinkEventKind.RecordLinked && current != e.FromPersonId)
            _problems.Add($"event {e.EventId} ({e.Kind}) takes {e.Record} from {e.FromPersonId}, but it was in {current ?? "no person"}");
        if (e.Kind == LinkEventKind.RecordRemoved) _personOf.Remove(e.Record);
        else if (e.ToPersonId is { } to) _personOf[e.Record] = to;
        else _problems.Add($"event {e.EventId} ({e.Kind}) of {e.Record} names no person");
    }
}
