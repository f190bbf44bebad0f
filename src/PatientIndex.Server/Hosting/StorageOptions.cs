namespace PatientIndex.Server.Hosting;

/// <summary>Configuration section <c>Storage</c>: which database holds the index (<c>Storage:Provider</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary><c>Sqlite</c> (the embedded default, one server) or <c>Postgres</c> (any number of replicas).</summary>
    public string Provider { get; set; } = Sqlite;

    public bool IsPostgres => Provider.Equals(Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>The provider named, or an error that says what is accepted.</summary>
    public void Check()
    {
        if (!IsPostgres && !Provider.Equals(Sqlite, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Storage:Provider '{Provider}' is not known: use {Sqlite} or {Postgres}");
    }
}
