namespace PatientIndex.Server.Security;

/// <summary>A caller whose token is valid asked for what it may not do; PERMISSION_DENIED, or a 403 at the FHIR edge.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);
