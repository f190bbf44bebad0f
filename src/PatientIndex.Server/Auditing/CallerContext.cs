using System.Security.Claims;
using PatientIndex.Server.Stewardship;
using PatientIndex.Server.Stewardship.Web;

namespace PatientIndex.Server.Auditing;

/// <summary>
/// The one place a request's caller is decided, for the audit trail: an authenticated principal's
/// claims (<c>sub</c>, <c>name</c>, <c>client_id</c>/<c>azp</c>) when there is one; otherwise the
/// legacy, unverified names (the <c>x-user</c> request header of gRPC, the steward page's sign-in
/// cookie); otherwise <see cref="Anonymous"/>. Authentication plugs in here and nowhere else.
/// </summary>
public static class CallerContext
{
    public const string Anonymous = "anonymous";

    /// <summary>The header a client may send to correlate its own logs with the audit trail (IHE BALP's X-Request-Id).</summary>
    public const string RequestIdHeader = "X-Request-Id";

    private const int MaxRequestIdLength = 128;

    public static Caller Of(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress is { } ip ? $"{ip}:{http.Connection.RemotePort}" : null;
        if (http.User.Identity is { IsAuthenticated: true } identity)
        {
            var user = http.User;
            var id = Claim(user, "sub") ?? Claim(user, ClaimTypes.NameIdentifier) ?? identity.Name ?? "authenticated";
            var name = Claim(user, "name") ?? identity.Name;
            return new Caller(id, name == id ? null : name, Claim(user, "client_id") ?? Claim(user, "azp"), address);
        }
        var legacy = ActingUser.Check(http.Request.Headers[ActingUser.Header], out _) ?? StewardPages.SignedIn(http);
        return new Caller(legacy ?? Anonymous, null, null, address);
    }

    /// <summary>The client's <c>X-Request-Id</c> when it sent a usable one, else the server's own id of the request.</summary>
    public static string RequestIdOf(HttpContext http) =>
        http.Request.Headers[RequestIdHeader].ToString() is { Length: > 0 and <= MaxRequestIdLength } sent && !sent.Any(char.IsControl) ? sent : http.TraceIdentifier;

    private static string? Claim(ClaimsPrincipal user, string type) => user.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;
}
