using Dapper;
using Npgsql;
using PatientIndex.Core.Audit;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Postgres;

public sealed partial class PostgresStore : IAuditTrail
{
    private const string AtColumn = """to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS At""";

    public async Task AppendAsync(IReadOnlyList<AccessEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0) return;
        using var traced = StoreTraces.Transaction("postgresql", "audit events", events.Count);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var e in events) PostgresWriter.AddAudit(batch, e);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<AuditEventPage> ReadAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (where, parameters) = AuditRows.Filter(query, at => at.ToUniversalTime());
        var rows = (await connection.QueryAsync<AuditEventRow>(new CommandDefinition(
            $"SELECT {AuditEventRow.Columns}, {AtColumn} FROM audit_events e WHERE {where} ORDER BY e.event_id LIMIT @limit",
            parameters, cancellationToken: cancellationToken))).ToList();
        return AuditRows.Page(rows, query.Limit);
    }
}
