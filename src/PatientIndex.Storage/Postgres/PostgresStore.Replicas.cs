using Dapper;
using Npgsql;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Postgres;

/// <summary>
/// Replicas in step: decisions serialised per block key with transaction-scoped advisory locks, and
/// the change sequence (<c>change_log</c>) each replica follows to keep its index current.
/// </summary>
public sealed partial class PostgresStore : IReplicaCoordinator
{
    /// <summary>
    /// A scope locks about ten keys a record; PostgreSQL's shared lock table holds
    /// max_locks_per_transaction (64) × max_connections (100) locks in all, shared by every replica.
    /// </summary>
    private const int RecordsPerScope = 48;

    public TimeSpan PollInterval => _options.ChangePollInterval;

    public int MaxBatch => RecordsPerScope;

    public async Task<long> LatestSequenceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT coalesce(max(seq), 0) FROM change_log", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<RecordChange>> ChangesSinceAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadChangesAsync(connection, afterSequence, limit, cancellationToken);
    }

    public async Task<ILinkingScope> BeginAsync(IReadOnlyCollection<long> lockKeys, CancellationToken cancellationToken = default)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Always in ascending order, so two replicas locking overlapping keys cannot deadlock.
            var keys = lockKeys.Distinct().Order().ToArray();
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(k) FROM unnest(@keys) AS k",
                new { keys }, transaction, cancellationToken: cancellationToken));
            return new Scope(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<IReadOnlyList<RecordChange>> ReadChangesAsync(NpgsqlConnection connection, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {RecordColumns}, c.seq, c.source, c.record_id
            FROM change_log c
            LEFT JOIN source_records r ON r.source = c.source AND r.record_id = c.record_id
            LEFT JOIN links l ON l.source = c.source AND l.record_id = c.record_id
            WHERE c.seq > $1 ORDER BY c.seq LIMIT $2
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new List<RecordChange>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new RecordKey(reader.GetString(RecordColumnCount + 1), reader.GetString(RecordColumnCount + 2));
            var current = reader.IsDBNull(0) || reader.IsDBNull(SourceRecordReader.ColumnCount) ? null : ReadRecord(reader);
            changes.Add(new RecordChange(reader.GetInt64(RecordColumnCount), key, current));
        }
        return changes;
    }

    private sealed class Scope(NpgsqlConnection connection, NpgsqlTransaction transaction) : ILinkingScope
    {
        public Task<IReadOnlyList<RecordChange>> ChangesSinceAsync(long afterSequence, int limit, CancellationToken cancellationToken = default) =>
            ReadChangesAsync(connection, afterSequence, limit, cancellationToken);

        public async Task<SequenceRange> CommitAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken = default)
        {
            using var traced = StoreTraces.Transaction("postgresql", "membership changes", changes.Count);
            var range = await PostgresWriter.WriteAsync(connection, transaction, changes, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return range;
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
