using Dapper;
using Microsoft.Data.Sqlite;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Reads use pooled connections and run alongside
/// writes; writes go through one long-lived connection with prepared statements, one at a time.
/// </summary>
public sealed partial class SqliteStore : IPatientIndexStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;
    private SqliteWriter? _statements;
    private Timer? _checkpoints;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);
    private const long RestartFrames = 4096;
    private static readonly TimeSpan GateWait = TimeSpan.FromMilliseconds(100);
    private int _checkpointing;

    public SqliteStore(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        Path = full;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    public Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        // WAL lets readers run while a write is in progress; NORMAL syncs at checkpoints, not at every
        // commit, which is durable against a process crash (the service's failure mode) and fast.
        connection.Execute("PRAGMA journal_mode = WAL");
        SqliteMigrations.Apply(connection);
        return Task.CompletedTask;
    }

    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        return await connection.QuerySingleAsync<StoreCounts>(new CommandDefinition("""
            SELECT (SELECT count(*) FROM persons WHERE retired_at IS NULL) AS Persons,
                   (SELECT count(*) FROM source_records) AS Records,
                   (SELECT count(*) FROM link_events) AS LinkEvents,
                   (SELECT count(*) FROM review_tasks WHERE status = 'open') AS OpenReviewTasks
            """, cancellationToken: cancellationToken));
    }

    public void Dispose()
    {
        _checkpoints?.Dispose();
        if (_writer is not null) Checkpoint("TRUNCATE");
        _statements?.Dispose();
        _writer?.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _writeGate.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
