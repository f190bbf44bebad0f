using System.Diagnostics;

namespace PatientIndex.Storage.Internal;

/// <summary>
/// A span for each write transaction the stores commit, on <see cref="SourceName"/>; nothing is made
/// when no one listens. Statement-level spans on PostgreSQL come from Npgsql's own instrumentation.
/// </summary>
public static class StoreTraces
{
    public const string SourceName = "PatientIndex.Store";

    private static readonly ActivitySource Source = new(SourceName);

    /// <param name="system">The database, as the semantic conventions' <c>db.system.name</c>: sqlite or postgresql.</param>
    /// <param name="operation">What is written: membership changes, audit events, a job checkpoint.</param>
    internal static Activity? Transaction(string system, string operation, int items)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity("store transaction", ActivityKind.Client);
        activity?.SetTag("db.system.name", system);
        activity?.SetTag("db.operation.name", operation);
        activity?.SetTag("patientindex.store.items", items);
        return activity;
    }
}
