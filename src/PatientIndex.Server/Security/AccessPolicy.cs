using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;

namespace PatientIndex.Server.Security;

/// <summary>
/// Who may do what: the one table of policies (by SMART-style scope and by role) and of the operations
/// each guards. The endpoints take their authorisation from it (<see cref="Apply"/>), the README's
/// "Security" section copies it, and the access tests call every operation as each kind of caller with
/// it as their data. An operation left out of it is refused at start-up, never left open.
/// </summary>
public static class AccessPolicy
{
    public const string Anonymous = "Anonymous";
    public const string AnyCaller = "AnyCaller";
    public const string PatientRead = "PatientRead";
    public const string PatientWrite = "PatientWrite";
    public const string Steward = "Steward";
    public const string Auditor = "Auditor";
    public const string Admin = "Admin";
    public const string ExtractSubmit = "ExtractSubmit";
    public const string Monitor = "Monitor";

    public const string ReadScope = "system/Patient.read";
    public const string WriteScope = "system/Patient.write";
    public const string UserReadScope = "user/Patient.read";
    public const string MetricsScope = "system/metrics.read";

    public static IReadOnlyList<AccessRule> Rules { get; } =
    [
        new(AnyCaller, [ReadScope, WriteScope, UserReadScope], ["steward", "auditor", "admin"], false, "any valid token"),
        new(PatientRead, [ReadScope, WriteScope, UserReadScope], ["steward"], false, "read persons, cross-references and matches"),
        new(PatientWrite, [WriteScope], [], true, "feed, change and withdraw records of the token's own source"),
        new(Steward, [], ["steward"], false, "the review queue, decisions, link/unlink/merge/unmerge, the steward page"),
        new(Auditor, [], ["auditor"], false, "read the audit trail"),
        new(Admin, [], ["admin"], false, "administration: the model, every extract job"),
        new(ExtractSubmit, [WriteScope], ["admin"], true, "upload an extract and follow its job (an integration: of its own source)"),
        new(Monitor, [MetricsScope], ["admin"], false, "scrape the metrics (they hold no patient data)"),
    ];

    private const string Grpc = "patientindex.v1.";

    public static IReadOnlyList<AccessOperation> Operations { get; } =
    [
        new("grpc.health.v1.Health/Check", Anonymous),
        new("grpc.health.v1.Health/Watch", Anonymous),
        new("* /healthz", Anonymous),
        new("* /healthz/ready", Anonymous),
        new("* /healthz/live", Anonymous),
        new("* /metrics", Monitor),
        new("grpc.reflection.v1.ServerReflection/ServerReflectionInfo", AnyCaller),
        new("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", AnyCaller),

        new(Grpc + "PatientIndex/MatchAndLink", PatientWrite),
        new(Grpc + "PatientIndex/MatchAndLinkStream", PatientWrite),
        new(Grpc + "PatientIndex/RemoveRecord", PatientWrite),
        new(Grpc + "PatientIndex/Match", PatientRead),
        new(Grpc + "PatientIndex/GetPerson", PatientRead),
        new(Grpc + "PatientIndex/GetCrossReferences", PatientRead),

        new(Grpc + "Stewardship/ListReviewTasks", Steward),
        new(Grpc + "Stewardship/GetReviewTask", Steward),
        new(Grpc + "Stewardship/ResolveReviewTask", Steward),
        new(Grpc + "Stewardship/LinkRecords", Steward),
        new(Grpc + "Stewardship/UnlinkRecord", Steward),
        new(Grpc + "Stewardship/MergePersons", Steward),
        new(Grpc + "Stewardship/UnmergePerson", Steward),
        new(Grpc + "Stewardship/GetHistory", Steward),

        new(Grpc + "Admin/GetModel", Admin),
        new(Grpc + "Admin/RelearnModel", Admin),

        new(Grpc + "Jobs/SubmitUpload", ExtractSubmit),
        new(Grpc + "Jobs/GetJob", ExtractSubmit),
        new(Grpc + "Jobs/WatchJob", ExtractSubmit),
        // A server path reads the server's own files, and the list shows every source's jobs: the operator's.
        new(Grpc + "Jobs/SubmitPath", Admin),
        new(Grpc + "Jobs/ListJobs", Admin),

        new(Grpc + "Audit/ListAuditEvents", Auditor),

        new("GET /fhir/metadata", AnyCaller),
        new("POST /fhir/Patient/$match", PatientRead),
        new("GET /fhir/Patient/$ihe-pix", PatientRead),
        new("GET /fhir/Patient/{id}", PatientRead),
        new("GET /fhir/Person/{id}", PatientRead),
        new("GET /fhir/Person", PatientRead),
        new("POST /fhir", PatientWrite),
        new("POST /fhir/Patient", PatientWrite),
        new("PUT /fhir/Patient", PatientWrite),
        new("PUT /fhir/Patient/{id}", PatientWrite),
        new("DELETE /fhir/Patient", PatientWrite),
        new("DELETE /fhir/Patient/{id}", PatientWrite),
        new("GET /fhir/AuditEvent", Auditor),
        new("GET /fhir/AuditEvent/{id}", Auditor),
        new("* /fhir/{**path}", AnyCaller),
    ];

    private static readonly Dictionary<string, string> PolicyOf = Operations.ToDictionary(o => o.Key, o => o.Policy, StringComparer.Ordinal);

    public static AccessRule Rule(string name) => Rules.Single(r => r.Name == name);

    /// <summary>The operation's key, as <see cref="Operations"/> names it.</summary>
    public static string? KeyOf(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<GrpcMethodMetadata>().FirstOrDefault() is { } grpc) return grpc.Method.FullName.TrimStart('/');
        if (endpoint is not RouteEndpointBuilder route) return null;
        var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault()?.HttpMethods;
        var pattern = route.RoutePattern.RawText is { Length: > 1 } raw ? raw.TrimEnd('/') : route.RoutePattern.RawText;
        return $"{(methods is { Count: > 0 } ? string.Join(",", methods) : "*")} {pattern}";
    }

    /// <summary>An endpoint convention: the endpoint's policy from the table; an endpoint the table lacks stops the server.</summary>
    public static void Apply(EndpointBuilder endpoint)
    {
        var key = KeyOf(endpoint);
        if (key?.Contains("{unimplemented", StringComparison.Ordinal) == true)
            return; // the catch-alls gRPC adds for what no service implements: the fallback policy (a valid token) guards them
        if (key is null || !PolicyOf.TryGetValue(key, out var policy))
            throw new InvalidOperationException($"{key ?? endpoint.DisplayName}: no access policy for this operation in AccessPolicy.Operations");
        endpoint.Metadata.Add(policy == Anonymous ? new AllowAnonymousAttribute() : new AuthorizeAttribute(policy));
    }
}
