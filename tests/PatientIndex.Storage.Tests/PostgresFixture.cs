using PatientIndex.Testing;

namespace PatientIndex.Storage.Tests;

/// <summary>One PostgreSQL server for every PostgreSQL test class of this assembly; each test takes a fresh database on it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public TemporaryPostgres Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TemporaryPostgres.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
