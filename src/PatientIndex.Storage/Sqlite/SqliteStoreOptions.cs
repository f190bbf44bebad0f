namespace PatientIndex.Storage.Sqlite;

/// <summary>Configuration section <c>Storage:Sqlite</c>.</summary>
public sealed class SqliteStoreOptions
{
    public const string Section = "Storage:Sqlite";

    /// <summary>The database file; relative paths are under the working directory. Its folder is created if absent.</summary>
    public string Path { get; set; } = "data/patientindex.db";
}
