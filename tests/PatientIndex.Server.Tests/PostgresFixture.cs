using PatientIndex.Testing;

namespace PatientIndex.Server.Tests;

/// <summary>One PostgreSQL server for every PostgreSQL test class of this assembly; each class takes a fresh database on it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public TemporaryPostgres Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TemporaryPostgres.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Server settings for a store on a new database of this server.</summary>
    public async Task<Dictionary<string, string?>> NewStoreSettingsAsync() => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:Postgres:ConnectionString"] = await Server.CreateDatabaseAsync(),
        ["Storage:Postgres:ChangePollInterval"] = "00:00:00.200",
    };
}

/// <summary>The PostgreSQL tests run one after another: one of them restarts the server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
