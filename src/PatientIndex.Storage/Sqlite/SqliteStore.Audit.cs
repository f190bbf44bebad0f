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
        using var traced = StoreTraces.Transaction("sqlite", "audit events", events.Count);
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
        return AuditRows.Page(rows, query.Limit);
    }
}
