namespace PatientIndex.Storage.Postgres;

/// <summary>Configuration section <c>Storage:Postgres</c>.</summary>
public sealed class PostgresStoreOptions
{
    public const string Section = "Storage:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=localhost;Username=patientindex;Password=...;Database=patientindex</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How often an idle replica reads the change sequence: the longest a change made elsewhere takes to reach its index.</summary>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
