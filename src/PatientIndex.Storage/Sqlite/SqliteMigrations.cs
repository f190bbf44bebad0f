using Dapper;
using Microsoft.Data.Sqlite;

namespace PatientIndex.Storage.Sqlite;

/// <summary>
/// Versioned SQL migrations (embedded <c>Sqlite/Migrations/NNNN_name.sql</c>), applied in order,
/// each in its own transaction with its version recorded, so a restart applies only what is new.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } = Internal.MigrationScripts.Load("PatientIndex.Storage.Sqlite.Migrations.");

    public static void Apply(SqliteConnection connection)
    {
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = connection.Query<long>("SELECT version FROM schema_migrations").ToHashSet();
        foreach (var (version, name, sql) in All)
        {
            if (applied.Contains(version)) continue;
            using var transaction = connection.BeginTransaction();
            connection.Execute(sql, transaction: transaction);
            connection.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = Internal.StoreText.Of(DateTimeOffset.UtcNow) }, transaction);
            transaction.Commit();
        }
    }
}
