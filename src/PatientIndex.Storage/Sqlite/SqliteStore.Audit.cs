using Dapper;
using PatientIndex.Core.Audit;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Sqlite;

public sealed partial class SqliteStore : IAuditTrail
{
    public async Task AppendAsync(IReadOnlyList<AccessEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0) return;
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var writer = Writer();
            using var transaction = writer.BeginTransaction();
            _statements!.Bind(transaction);
            foreach (var e in events) _statements.Audit(e);
            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<AuditEventPage> ReadAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var (where, parameters) = AuditRows.Filter(query, StoreText.Of);
        var rows = (await connection.QueryAsync<AuditEventRow>(new CommandDefinition(
            $"SELECT {AuditEventRow.Columns}, e.at AS At FROM audit_events e WHERE {where} ORDER BY e.event_id LIMIT @limit",
            parameters, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0) return new AuditEventPage([], false);
        var ids = rows.Select(r => r.EventId).ToArray();
        var records = await connection.QueryAsync<AuditRecordRow>(new CommandDefinition(
            "SELECT event_id AS EventId, ordinal AS Ordinal, role AS Role, source AS Source, record_id AS RecordId FROM audit_event_records WHERE event_id IN @ids",
            new { ids }, cancellationToken: cancellationToken));
        var persons = await connection.QueryAsync<AuditPersonRow>(new CommandDefinition(
            "SELECT event_id AS EventId, ordinal AS Ordinal, person_id AS PersonId FROM audit_event_persons WHERE event_id IN @ids",
            new { ids }, cancellationToken: cancellationToken));
        return AuditRows.Page(rows, query.Limit, records, persons);
    }
}
