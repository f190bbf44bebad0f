using PatientIndex.Core.Audit;

namespace PatientIndex.Server.Auditing;

/// <summary>
/// What each audited operation does, by the name its event carries: <c>grpc /package.Service/Method</c>,
/// <c>fhir METHOD /route/{pattern}</c>, <c>web METHOD /route/{pattern}</c>. An operation missing here
/// is audited as a read; the server tests call every operation and check its events.
/// </summary>
internal static class AuditedOperations
{
    private static readonly Dictionary<string, AccessAction> Actions = new(StringComparer.Ordinal)
    {
        ["grpc /patientindex.v1.PatientIndex/MatchAndLink"] = AccessAction.Update,
        ["grpc /patientindex.v1.PatientIndex/MatchAndLinkStream"] = AccessAction.Update,
        ["grpc /patientindex.v1.PatientIndex/Match"] = AccessAction.Query,
        ["grpc /patientindex.v1.PatientIndex/GetPerson"] = AccessAction.Read,
        ["grpc /patientindex.v1.PatientIndex/GetCrossReferences"] = AccessAction.Query,
        ["grpc /patientindex.v1.PatientIndex/RemoveRecord"] = AccessAction.Delete,
        ["grpc /patientindex.v1.Stewardship/ListReviewTasks"] = AccessAction.Query,
        ["grpc /patientindex.v1.Stewardship/GetReviewTask"] = AccessAction.Read,
        ["grpc /patientindex.v1.Stewardship/ResolveReviewTask"] = AccessAction.StewardResolve,
        ["grpc /patientindex.v1.Stewardship/LinkRecords"] = AccessAction.StewardLink,
        ["grpc /patientindex.v1.Stewardship/UnlinkRecord"] = AccessAction.StewardUnlink,
        ["grpc /patientindex.v1.Stewardship/MergePersons"] = AccessAction.StewardMerge,
        ["grpc /patientindex.v1.Stewardship/UnmergePerson"] = AccessAction.StewardUnmerge,
        ["grpc /patientindex.v1.Stewardship/GetHistory"] = AccessAction.Read,
        ["grpc /patientindex.v1.Admin/GetModel"] = AccessAction.Read,
        ["grpc /patientindex.v1.Admin/RelearnModel"] = AccessAction.ModelRelearn,
        ["grpc /patientindex.v1.Jobs/SubmitUpload"] = AccessAction.JobSubmit,
        ["grpc /patientindex.v1.Jobs/SubmitPath"] = AccessAction.JobSubmit,
        ["grpc /patientindex.v1.Jobs/GetJob"] = AccessAction.Read,
        ["grpc /patientindex.v1.Jobs/ListJobs"] = AccessAction.Query,
        ["grpc /patientindex.v1.Jobs/WatchJob"] = AccessAction.Read,
        ["grpc /patientindex.v1.Audit/ListAuditEvents"] = AccessAction.Query,

        ["fhir POST /fhir/"] = AccessAction.Update,
        ["fhir POST /fhir/Patient/$match"] = AccessAction.Query,
        ["fhir GET /fhir/Patient/$ihe-pix"] = AccessAction.Query,
        ["fhir GET /fhir/Patient/{id}"] = AccessAction.Read,
        ["fhir POST /fhir/Patient"] = AccessAction.Create,
        ["fhir PUT /fhir/Patient"] = AccessAction.Update,
        ["fhir PUT /fhir/Patient/{id}"] = AccessAction.Update,
        ["fhir DELETE /fhir/Patient"] = AccessAction.Delete,
        ["fhir DELETE /fhir/Patient/{id}"] = AccessAction.Delete,
        ["fhir GET /fhir/Person/{id}"] = AccessAction.Read,
        ["fhir GET /fhir/Person"] = AccessAction.Query,
        ["fhir GET /fhir/AuditEvent"] = AccessAction.Query,
        ["fhir GET /fhir/AuditEvent/{id}"] = AccessAction.Read,

        ["web GET /steward/"] = AccessAction.Query,
        ["web GET /steward/tasks/{taskId}"] = AccessAction.Read,
        ["web GET /steward/persons/{personId}"] = AccessAction.Read,
        ["web POST /steward/tasks/{taskId}/resolve"] = AccessAction.StewardResolve,
        ["web POST /steward/persons/{personId}/merge"] = AccessAction.StewardMerge,
        ["web POST /steward/merges/{mergeId}/undo"] = AccessAction.StewardUnmerge,
        ["web POST /steward/records/unlink"] = AccessAction.StewardUnlink,
    };

    public static AccessAction ActionOf(string operation) => Actions.GetValueOrDefault(operation, AccessAction.Read);

    /// <summary>Only this server's own API is audited: health checks, reflection and the capability statement touch no patient data.</summary>
    public static bool IsAudited(string grpcMethod) => grpcMethod.StartsWith("/patientindex.", StringComparison.Ordinal);
}
