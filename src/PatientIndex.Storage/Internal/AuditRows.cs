using System.Text.Json;
using Dapper;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Internal;

/// <summary>An audit event's row: its records and persons as JSON, as the event keeps them.</summary>
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
    public string? Changed { get; set; }
    public string? Returned { get; set; }
    public string? Persons { get; set; }

    /// <summary>The columns but <c>at</c>, which each database formats as ISO 8601 UTC text itself.</summary>
    public const string Columns = """
        e.event_id AS EventId, e.actor AS Actor, e.actor_name AS ActorName, e.client AS Client, e.client_address AS ClientAddress,
        e.request_id AS RequestId, e.action AS Action, e.operation AS Operation, e.outcome AS Outcome, e.outcome_detail AS OutcomeDetail,
        e.query AS Query, e.changed AS Changed, e.returned AS Returned, e.persons AS Persons
        """;

    public AccessEvent ToDomain() => new()
    {
        EventId = EventId,
        At = StoreText.Time(At),
        Actor = Actor,
        ActorName = ActorName,
        Client = Client,
        ClientAddress = ClientAddress,
        RequestId = RequestId,
        Action = StoreText.Action(Action),
        Operation = Operation,
        Outcome = StoreText.Access(Outcome),
        OutcomeDetail = OutcomeDetail,
        Query = Query,
        Changed = AuditRows.KeysOf(Changed),
        Returned = AuditRows.KeysOf(Returned),
        Persons = Persons is null ? [] : JsonSerializer.Deserialize<List<string>>(Persons) ?? [],
    };
}

/// <summary>
/// What the SQLite and PostgreSQL audit trails share: the filter, and an event's records and persons
/// as the JSON its row keeps. The record and person tables are indexes of these lists, nothing more:
/// a row each, written in the same statement or transaction as the event.
/// </summary>
internal static class AuditRows
{
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

    /// <summary><c>[[source, record_id], …]</c>, each once; null for none.</summary>
    public static string? Json(IEnumerable<RecordKey> keys)
    {
        var pairs = keys.Distinct().Select(k => new[] { k.Source, k.RecordId }).ToList();
        return pairs.Count == 0 ? null : JsonSerializer.Serialize(pairs);
    }

    /// <summary><c>[person_id, …]</c>, each once; null for none.</summary>
    public static string? Json(IEnumerable<string> persons)
    {
        var ids = persons.Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 0 ? null : JsonSerializer.Serialize(ids);
    }

    /// <summary>Every record the event names, changed or returned, each once: the rows of its record index.</summary>
    public static IReadOnlyList<RecordKey> Indexed(AccessEvent e) => [.. e.Changed.Concat(e.Returned).Distinct()];

    public static IReadOnlyList<RecordKey> KeysOf(string? json) =>
        json is null ? [] : (JsonSerializer.Deserialize<List<string[]>>(json) ?? []).Select(p => new RecordKey(p[0], p[1])).ToList();

    public static AuditEventPage Page(IReadOnlyList<AuditEventRow> rows, int limit) =>
        new([.. rows.Take(limit).Select(r => r.ToDomain())], rows.Count > limit);
}
