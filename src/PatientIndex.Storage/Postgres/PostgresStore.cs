using Dapper;
using Npgsql;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Postgres;

/// <summary>
/// The store on PostgreSQL, the system of record when several server replicas run. Every
/// connection comes from the one <see cref="NpgsqlDataSource"/> (pooled, and reconnecting by itself
/// after the server restarts). Also the replicas' coordinator: block-key advisory locks and the
/// change sequence (see <c>PostgresStore.Replicas.cs</c>).
/// </summary>
public sealed partial class PostgresStore(NpgsqlDataSource dataSource, PostgresStoreOptions? options = null) : IPatientIndexStore
{
    private readonly PostgresStoreOptions _options = options ?? new PostgresStoreOptions();

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await PostgresMigrations.ApplyAsync(connection, cancellationToken);
    }

    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<StoreCounts>(new CommandDefinition("""
            SELECT (SELECT count(*) FROM persons WHERE retired_at IS NULL) AS Persons,
                   (SELECT count(*) FROM source_records) AS Records,
                   (SELECT count(*) FROM link_events) AS LinkEvents,
                   (SELECT count(*) FROM review_tasks WHERE status = 'open') AS OpenReviewTasks
            """, cancellationToken: cancellationToken));
    }
}
