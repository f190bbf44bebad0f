using Microsoft.Data.Sqlite;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Sqlite;

namespace PatientIndex.Storage.Tests;

/// <summary>The store contract against a real SQLite file in a temporary directory.</summary>
public sealed class SqliteStoreContract : StoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-store-").FullName;
    // The random-sequence test makes a database per sequence: in memory-backed storage when there is
    // some, because creating a thousand database files on disk is mostly waiting for fsync.
    private readonly Lazy<string> _scratch = new(() => Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", "patientindex-store-" + Guid.NewGuid().ToString("N"))).FullName
        : Directory.CreateTempSubdirectory("patientindex-scratch-").FullName);
    private readonly List<SqliteStore> _opened = [];

    private int _databases;

    private string DatabasePath => Path.Combine(_directory, "nested", "patientindex.db");

    protected override Task<IPatientIndexStore> CreateStoreAsync() =>
        Task.FromResult(Open(_databases++ == 0 ? DatabasePath : Path.Combine(_scratch.Value, $"store-{_databases}.db")));

    protected override Task<IPatientIndexStore> ReopenAsync() => Task.FromResult(Open(DatabasePath));

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override Task DisposeAsync()
    {
        foreach (var store in _opened) store.Dispose();
        Directory.Delete(_directory, recursive: true);
        if (_scratch.IsValueCreated) Directory.Delete(_scratch.Value, recursive: true);
        return Task.CompletedTask;
    }

    private IPatientIndexStore Open(string path)
    {
        var store = new SqliteStore(path);
        _opened.Add(store);
        return store;
    }
}
