using Dapper;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Internal;

/// <summary>An audit event's row; its records and persons come from their own tables.</summary>
internal sealed class AuditEventRow
{
    public long EventId { get; set; }
    public string At { get; set; } = "";
    public string Actor { get; set; } = "";
    public string? ActorName { get; set; }
    public string? Client { get; set; }
    public string? ClientAddress { get; set; }
    public string? RequestId { get; set; }
    public string Action { get; set; } = "";
    public string Operation { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string? OutcomeDetail { get; set; }
    public string? Query { get; set; }

    /// <summary>The columns but <c>at</c>, which each database formats as ISO 8601 UTC text itself.</summary>
    public const string Columns = """
        e.event_id AS EventId, e.actor AS Actor, e.actor_name AS ActorName, e.client AS Client, e.client_address AS ClientAddress,
        e.request_id AS RequestId, e.action AS Action, e.operation AS Operation, e.outcome AS Outcome, e.outcome_detail AS OutcomeDetail, e.query AS Query
        """;
}

internal sealed class AuditRecordRow
{
    public long EventId { get; set; }
    public int Ordinal { get; set; }
    public string Role { get; set; } = "";
    public string Source { get; set; } = "";
    public string RecordId { get; set; } = "";
}

internal sealed class AuditPersonRow
{
    public long EventId { get; set; }
    public int Ordinal { get; set; }
    public string PersonId { get; set; } = "";
}

/// <summary>What the SQLite and PostgreSQL audit trails share: the filter, the roles of records, and the events made from rows.</summary>
internal static class AuditRows
{
    public const string Changed = "changed";
    public const string Returned = "returned";

    /// <summary>
    /// The WHERE clause of a page, naming only the filters given: a record or person filter is a
    /// look-up in its index rather than a scan of every event for a match.
    /// </summary>
    public static (string Where, DynamicParameters Parameters) Filter(AuditQuery query, Func<DateTimeOffset, object> time)
    {
        var where = new List<string> { "e.event_id > @after" };
        var parameters = new DynamicParameters();
        parameters.Add("after", query.AfterEventId);
        if (query.Record is { } record)
        {
            where.Add("e.event_id IN (SELECT r.event_id FROM audit_event_records r WHERE r.source = @source AND r.record_id = @recordId)");
            parameters.Add("source", record.Source);
            parameters.Add("recordId", record.RecordId);
        }
        if (query.Person is { } person)
        {
            where.Add("e.event_id IN (SELECT p.event_id FROM audit_event_persons p WHERE p.person_id = @person)");
            parameters.Add("person", person);
        }
        if (query.Actor is { } actor)
        {
            where.Add("e.actor = @actor");
            parameters.Add("actor", actor);
        }
        if (query.From is { } from)
        {
            where.Add("e.at >= @from");
            parameters.Add("from", time(from));
        }
        if (query.To is { } to)
        {
            where.Add("e.at < @to");
            parameters.Add("to", time(to));
        }
        // One more than asked: whether there is a next page, without counting.
        parameters.Add("limit", query.Limit + 1);
        return (string.Join(" AND ", where), parameters);
    }

    /// <summary>The records of an event in the order they are written: changed, then returned, each once.</summary>
    public static IEnumerable<(int Ordinal, string Role, RecordKey Key)> RecordsOf(AccessEvent e)
    {
        var ordinal = 0;
        foreach (var key in e.Changed.Distinct()) yield return (ordinal++, Changed, key);
        foreach (var key in e.Returned.Distinct()) yield return (ordinal++, Returned, key);
    }

    public static IEnumerable<(int Ordinal, string PersonId)> PersonsOf(AccessEvent e) =>
        e.Persons.Distinct(StringComparer.Ordinal).Select((p, i) => (i, p));

    public static AuditEventPage Page(IReadOnlyList<AuditEventRow> rows, int limit, IEnumerable<AuditRecordRow> records, IEnumerable<AuditPersonRow> persons)
    {
        var recordsOf = records.OrderBy(r => r.Ordinal).ToLookup(r => r.EventId);
        var personsOf = persons.OrderBy(p => p.Ordinal).ToLookup(p => p.EventId);
        var events = rows.Take(limit).Select(row => new AccessEvent
        {
            EventId = row.EventId,
            At = StoreText.Time(row.At),
            Actor = row.Actor,
            ActorName = row.ActorName,
            Client = row.Client,
            ClientAddress = row.ClientAddress,
            RequestId = row.RequestId,
            Action = StoreText.Action(row.Action),
            Operation = row.Operation,
            Outcome = StoreText.Access(row.Outcome),
            OutcomeDetail = row.OutcomeDetail,
            Query = row.Query,
            Changed = recordsOf[row.EventId].Where(r => r.Role == Changed).Select(r => new RecordKey(r.Source, r.RecordId)).ToList(),
            Returned = recordsOf[row.EventId].Where(r => r.Role == Returned).Select(r => new RecordKey(r.Source, r.RecordId)).ToList(),
            Persons = personsOf[row.EventId].Select(p => p.PersonId).ToList(),
        }).ToList();
        return new AuditEventPage(events, rows.Count > limit);
    }
}
