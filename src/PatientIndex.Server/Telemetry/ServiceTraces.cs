using System.Diagnostics;

namespace PatientIndex.Server.Telemetry;

/// <summary>
/// The service's spans beyond what ASP.NET Core traces (each gRPC call and FHIR request): the link
/// queue's batches and steward actions, on <see cref="SourceName"/>. A batch decides many requests:
/// it is a child of the first request's span and links to the others', so one call's trace reads
/// server span → linking batch → store transaction.
/// </summary>
public static class ServiceTraces
{
    public const string SourceName = "PatientIndex";

    public static ActivitySource Source { get; } = new(SourceName);

    public static Activity? StartBatch(IReadOnlyList<ActivityContext> requests)
    {
        if (!Source.HasListeners()) return null;
        var parent = requests.FirstOrDefault(c => c != default);
        var links = requests.Where(c => c != default && c != parent).Select(c => new ActivityLink(c)).ToList();
        var activity = Source.StartActivity("linking batch", ActivityKind.Internal, parent, links: links);
        activity?.SetTag("patientindex.batch.requests", requests.Count);
        return activity;
    }

    public static Activity? StartExclusive(ActivityContext request, string name) =>
        Source.HasListeners() ? Source.StartActivity(name, ActivityKind.Internal, request) : null;
}
