using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Auditing;

/// <summary>
/// The audit of one request, open while it runs (<see cref="Current"/>, like <c>Activity.Current</c>):
/// the edge that opens it knows the caller and the operation; the handler says what the request
/// names and what its answer disclosed; the single writer, which captures the scope with each piece
/// of work it is given, writes the event of each change it commits in that change's transaction.
/// When the request ends, <see cref="Finish"/> gives the events still to append: those of accesses
/// that changed nothing, and — when nothing else was recorded, or the request failed — one event for
/// the request itself. Thread-safe: the writer and the request's own flow both add to it.
/// </summary>
public sealed class AuditScope
{
    /// <summary>A query longer than this is kept cut, marked so: a request body is bounded, an audit row should be too.</summary>
    public const int MaxQueryLength = 8 * 1024;

    private static readonly AsyncLocal<AuditScope?> Ambient = new();

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly List<AccessEvent> _pending = [];
    private readonly List<RecordKey> _named = [];
    private readonly List<string> _namedPersons = [];
    private readonly List<RecordKey> _disclosed = [];
    private readonly List<string> _disclosedPersons = [];
    private int _recorded;
    private string? _query;
    private string? _refusal;

    public AuditScope(AuditedCaller caller, string operation, AccessAction action, string? requestId, TimeProvider clock)
    {
        Caller = caller;
        Operation = operation;
        Action = action;
        RequestId = requestId;
        _clock = clock;
    }

    /// <summary>The scope of the request running on this flow, or null outside one.</summary>
    public static AuditScope? Current => Ambient.Value;

    public AuditedCaller Caller { get; }

    public string Operation { get; }

    /// <summary>What the request does; an answer may show it did something else (a conditional create that found its Patient is a query).</summary>
    public AccessAction Action { get; private set; }

    public string? RequestId { get; }

    /// <summary>Makes this the <see cref="Current"/> scope of the calling flow and of everything it starts.</summary>
    public void Enter() => Ambient.Value = this;

    public static void Leave() => Ambient.Value = null;

    /// <summary>What the request asks, and the records and persons it names: kept whatever the outcome, so an attempt shows too.</summary>
    public void Asks(string? query = null, IEnumerable<RecordKey>? records = null, IEnumerable<string>? persons = null)
    {
        lock (_gate)
        {
            if (query is not null) _query = Cut(query);
            _named.AddRange(records ?? []);
            _namedPersons.AddRange(persons ?? []);
        }
    }

    /// <summary>What the answer disclosed: kept only if the request succeeds (a failed request answers nothing).</summary>
    public void Discloses(IEnumerable<RecordKey> records, IEnumerable<string>? persons = null)
    {
        lock (_gate)
        {
            _disclosed.AddRange(records);
            _disclosedPersons.AddRange(persons ?? []);
        }
    }

    public void AnsweredAs(AccessAction action)
    {
        lock (_gate) Action = action;
    }

    /// <summary>The request was refused although it answered (a page that shows the refusal): its event says so.</summary>
    public void Refuses(string detail)
    {
        lock (_gate) _refusal = detail;
    }

    /// <summary>An event of this request's caller and operation, at the current time.</summary>
    public AccessEvent Event(AccessAction action, AccessOutcome outcome, IEnumerable<RecordKey>? changed = null, IEnumerable<RecordKey>? returned = null,
        IEnumerable<string>? persons = null, string? detail = null, string? query = null)
    {
        string? asked;
        lock (_gate) asked = _query;
        return new AccessEvent
        {
            At = _clock.GetUtcNow(),
            Actor = Caller.UserId,
            ActorName = Caller.UserName,
            Client = Caller.ClientId,
            ClientAddress = Caller.Address,
            RequestId = RequestId,
            Action = action,
            Operation = Operation,
            Outcome = outcome,
            OutcomeDetail = detail,
            Query = query ?? asked,
            Changed = Distinct(changed),
            Returned = Distinct(returned),
            Persons = [.. (persons ?? []).Distinct(StringComparer.Ordinal)],
        };
    }

    /// <summary>An event the writer committed with its change.</summary>
    public void Committed(AccessEvent e)
    {
        lock (_gate) _recorded++;
    }

    /// <summary>An event to append (an access that changed nothing, or one part of the request refused on its own).</summary>
    public void Add(AccessEvent e)
    {
        lock (_gate)
        {
            _pending.Add(e);
            _recorded++;
        }
    }

    /// <summary>The events added since the last call, to append now (before a streamed answer leaves).</summary>
    public IReadOnlyList<AccessEvent> TakePending()
    {
        lock (_gate)
        {
            if (_pending.Count == 0) return [];
            var taken = _pending.ToList();
            _pending.Clear();
            return taken;
        }
    }

    /// <summary>
    /// The events left to append when the request ends: those pending, and the request's own event
    /// when it recorded none or did not succeed (a write that was refused, a read, a query).
    /// </summary>
    public IReadOnlyList<AccessEvent> Finish(AccessOutcome outcome, string? detail)
    {
        var events = TakePending().ToList();
        lock (_gate)
        {
            if (outcome == AccessOutcome.Success && _refusal is not null) (outcome, detail) = (AccessOutcome.Refused, _refusal);
            if (outcome == AccessOutcome.Success && _recorded > 0) return events;
            var writes = Changes(Action);
            var records = _named.Concat(outcome == AccessOutcome.Success ? _disclosed : []).ToList();
            var persons = _namedPersons.Concat(outcome == AccessOutcome.Success ? _disclosedPersons : []);
            events.Add(Event(Action, outcome, changed: writes ? records : null, returned: writes ? null : records, persons: persons, detail: detail));
        }
        return events;
    }

    /// <summary>True for actions whose records are changed rather than disclosed.</summary>
    public static bool Changes(AccessAction action) => action is not (AccessAction.Query or AccessAction.Read);

    private static List<RecordKey> Distinct(IEnumerable<RecordKey>? keys) => [.. (keys ?? []).Distinct()];

    private static string Cut(string query) => query.Length <= MaxQueryLength ? query : query[..MaxQueryLength] + "…(cut)";
}
