namespace PatientIndex.Server.Auditing;

/// <summary>Who is asking, as the audit trail names them: the user, the client system they use, and where the request came from.</summary>
/// <param name="UserId">The user's stable id (a token's subject), or <see cref="CallerContext.Anonymous"/>.</param>
/// <param name="UserName">A display name, when the caller's credentials carry one that differs from the id.</param>
/// <param name="ClientId">The client system (a token's client id), or null when the caller names none.</param>
/// <param name="Address">The remote end of the connection (host:port), or null in-process.</param>
public sealed record AuditedCaller(string UserId, string? UserName, string? ClientId, string? Address);
