using Npgsql;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Postgres;

namespace PatientIndex.Storage.Tests;

/// <summary>
/// The store contract against a real PostgreSQL started by the fixture, a fresh database per test.
/// The random steward sequences run 100 here, not 1,000: each makes a database of its own, and
/// creating and migrating a PostgreSQL database is what the time goes on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContract(PostgresFixture postgres) : StoreContract
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private string _connectionString = "";

    protected override int RandomSequences => 100;

    protected override async Task<IPatientIndexStore> CreateStoreAsync()
    {
        // A random sequence's database is done with once the next is made: its pooled connections are closed.
        if (_sources.Count > 1)
        {
            await _sources[^1].DisposeAsync();
            _sources.RemoveAt(_sources.Count - 1);
        }
        _connectionString = await postgres.Server.CreateDatabaseAsync();
        return Open();
    }

    protected override Task<IPatientIndexStore> ReopenAsync() => Task.FromResult(Open());

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

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
