namespace PatientIndex.Server.Security;

/// <summary>
/// An operation the server serves and the policy guarding it; <see cref="AccessPolicy.Anonymous"/> for
/// the health checks. <see cref="Key"/> is a gRPC method's full name (<c>patientindex.v1.PatientIndex/Match</c>)
/// or an HTTP method and route (<c>POST /fhir/Patient</c>, <c>* /fhir/{**path}</c> for any method).
/// </summary>
public sealed record AccessOperation(string Key, string Policy);
