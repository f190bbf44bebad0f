using PatientIndex.Cli.Input;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Sqlite;

namespace PatientIndex.Cli.Output;

/// <summary>
/// <c>--store</c>: writes the persons found into an empty SQLite store in one transaction, the fast
/// way to give the service a large index (one record at a time over gRPC would take hours).
/// </summary>
public static class StoreSeed
{
    public static void Write(string path, Extract extract, LinkageResult result, Action<string> stage)
    {
        using var store = new SqliteStore(path);
        store.MigrateAsync().GetAwaiter().GetResult();
        var counts = store.CountAsync().GetAwaiter().GetResult();
        if (counts.Records > 0)
            throw new CliException($"the store {path} already holds {counts.Records:N0} records; --store seeds an empty store");
        stage($"seeding the store {path}");
        var changes = LinkageMembership.Changes(extract.Records, result, DateTimeOffset.UtcNow, StoreIds.New);
        store.ApplyAsync(changes).GetAwaiter().GetResult();
    }
}
