using PatientIndex.Server.Security;

namespace PatientIndex.Server.Auditing;

/// <summary>
/// The one place a request's caller is decided for the audit trail: the principal authentication
/// validated (a bearer token, or the steward page's sign-in) — its subject, display name and client
/// id (<c>client_id</c>, else <c>azp</c>) — and otherwise <see cref="Anonymous"/>. Nothing a caller merely
/// says (a header, a form field) names it.
/// </summary>
public static class CallerContext
{
    public const string Anonymous = "anonymous";

    /// <summary>The header a client may send to correlate its own logs with the audit trail (IHE BALP's X-Request-Id).</summary>
    public const string RequestIdHeader = "X-Request-Id";

    private const int MaxRequestIdLength = 128;

    public static AuditedCaller Of(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress is { } ip ? $"{ip}:{http.Connection.RemotePort}" : null;
        var caller = new Caller(http.User);
        if (!caller.IsAuthenticated || caller.Subject is not { Length: > 0 } subject) return new AuditedCaller(Anonymous, null, null, address);
        var name = caller.DisplayName;
        var client = http.User.FindFirst("client_id")?.Value ?? http.User.FindFirst("azp")?.Value;
        return new AuditedCaller(subject, name == subject ? null : name, client, address);
    }

    /// <summary>The client's <c>X-Request-Id</c> when it sent a usable one, else the server's own id of the request.</summary>
    public static string RequestIdOf(HttpContext http) =>
        http.Request.Headers[RequestIdHeader].ToString() is { Length: > 0 and <= MaxRequestIdLength } sent && !sent.Any(char.IsControl) ? sent : http.TraceIdentifier;
}
