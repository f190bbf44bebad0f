using PatientIndex.Extracts;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Store;
using Npgsql;
using PatientIndex.Storage.Postgres;
using PatientIndex.Storage.Sqlite;

namespace PatientIndex.Cli.Output;

/// <summary>
/// <c>--store</c>: writes the persons found into an empty store in one transaction, the fast way to
/// give the service a large index (one record at a time over gRPC would take hours). A SQLite file
/// by default; <c>postgres:CONNECTION-STRING</c> names a PostgreSQL database, loaded with binary COPY.
/// </summary>
public static class StoreSeed
{
    public const string PostgresPrefix = "postgres:";

    /// <param name="model">The model version the run decided with: kept in the store, so the service decides with it too.</param>
    public static void Write(string target, Extract extract, LinkageResult result, ModelVersion model, Action<string> stage)
    {
        if (target.StartsWith(PostgresPrefix, StringComparison.OrdinalIgnoreCase))
        {
            WritePostgres(target[PostgresPrefix.Length..], extract, result, model, stage).GetAwaiter().GetResult();
            return;
        }
        using var store = new SqliteStore(target);
        var changes = Prepare(store, target, extract, result, model, stage).GetAwaiter().GetResult();
        store.ApplyAsync(changes).GetAwaiter().GetResult();
        store.SaveModelVersionAsync(model).GetAwaiter().GetResult();
    }

    private static async Task WritePostgres(string connectionString, Extract extract, LinkageResult result, ModelVersion model, Action<string> stage)
    {
        // No command timeout: a million rows' foreign-key checks run while COPY completes.
        var database = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 };
        await using var dataSource = NpgsqlDataSource.Create(database);
        var store = new PostgresStore(dataSource);
        var changes = await Prepare(store, $"PostgreSQL database {database.Database} on {database.Host}", extract, result, model, stage);
        await PostgresBulkLoad.WriteAsync(dataSource, changes);
        await store.SaveModelVersionAsync(model);
    }

    private static async Task<List<MembershipChange>> Prepare(IPatientIndexStore store, string name, Extract extract, LinkageResult result, ModelVersion model,
        Action<string> stage)
    {
        await store.MigrateAsync();
        var counts = await store.CountAsync();
        if (counts.Records > 0)
            throw new CliException($"the store {name} already holds {counts.Records:N0} records; --store seeds an empty store");
        stage($"seeding the store {name}");
        return LinkageMembership.Changes(extract.Records, result, DateTimeOffset.UtcNow, StoreIds.New, model.Version);
    }
}
