using Npgsql;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Postgres;

namespace PatientIndex.Storage.Tests;

/// <summary>The store contract against a real PostgreSQL started by the fixture, a fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContract(PostgresFixture postgres) : StoreContract
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private string _connectionString = "";

    protected override async Task<IPatientIndexStore> CreateStoreAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync();
        return Open();
    }

    protected override Task<IPatientIndexStore> ReopenAsync() => Task.FromResult(Open());

    public override async Task DisposeAsync()
    {
        foreach (var source in _sources) await source.DisposeAsync();
    }

    private IPatientIndexStore Open()
    {
        var source = NpgsqlDataSource.Create(_connectionString);
        _sources.Add(source);
        return new PostgresStore(source);
    }
}
