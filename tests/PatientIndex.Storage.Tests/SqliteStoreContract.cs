using PatientIndex.Core.Store;
using PatientIndex.Storage.Sqlite;

namespace PatientIndex.Storage.Tests;

/// <summary>The store contract against a real SQLite file in a temporary directory.</summary>
public sealed class SqliteStoreContract : StoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-store-").FullName;
    private readonly List<SqliteStore> _opened = [];

    private string DatabasePath => Path.Combine(_directory, "nested", "patientindex.db");

    protected override Task<IPatientIndexStore> CreateStoreAsync() => Task.FromResult(Open());

    protected override Task<IPatientIndexStore> ReopenAsync() => Task.FromResult(Open());

    public override Task DisposeAsync()
    {
        foreach (var store in _opened) store.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private IPatientIndexStore Open()
    {
        var store = new SqliteStore(DatabasePath);
        _opened.Add(store);
        return store;
    }
}
