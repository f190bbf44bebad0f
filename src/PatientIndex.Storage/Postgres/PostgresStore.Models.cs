using Dapper;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task SaveModelVersionAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO model_versions (version, created_at, learnt_by, records, parameters)
            VALUES (@Version, @CreatedAt, @LearntBy, @Records, @Parameters)
            ON CONFLICT (version) DO NOTHING
            """, new { version.Version, CreatedAt = version.CreatedAt.ToUniversalTime(), version.LearntBy, version.Records, version.Parameters },
            cancellationToken: cancellationToken));
    }

    public async Task<ModelVersion?> LatestModelVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Version, DateTime CreatedAt, string LearntBy, long Records, string Parameters)?>(
            new CommandDefinition("SELECT version, created_at, learnt_by, records, parameters FROM model_versions ORDER BY seq DESC LIMIT 1",
                cancellationToken: cancellationToken));
        return row is { } r ? new ModelVersion(r.Version, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)), r.LearntBy, r.Records, r.Parameters) : null;
    }
}
