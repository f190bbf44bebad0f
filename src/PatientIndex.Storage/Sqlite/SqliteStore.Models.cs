using Dapper;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async Task SaveModelVersionAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO model_versions (version, created_at, learnt_by, records, parameters)
            VALUES (@Version, @CreatedAt, @LearntBy, @Records, @Parameters)
            ON CONFLICT (version) DO NOTHING
            """, new { version.Version, CreatedAt = StoreText.Of(version.CreatedAt), version.LearntBy, version.Records, version.Parameters },
            cancellationToken: cancellationToken));
    }

    public async Task<ModelVersion?> LatestModelVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var row = await connection.QuerySingleOrDefaultAsync<(string Version, string CreatedAt, string LearntBy, long Records, string Parameters)?>(
            new CommandDefinition("SELECT version, created_at, learnt_by, records, parameters FROM model_versions ORDER BY seq DESC LIMIT 1",
                cancellationToken: cancellationToken));
        return row is { } r ? new ModelVersion(r.Version, StoreText.Time(r.CreatedAt), r.LearntBy, r.Records, r.Parameters) : null;
    }
}
