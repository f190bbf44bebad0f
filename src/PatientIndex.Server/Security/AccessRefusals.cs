using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using PatientIndex.Server.Fhir;

namespace PatientIndex.Server.Security;

/// <summary>
/// A refused call, answered in its protocol: a gRPC status (UNAUTHENTICATED, PERMISSION_DENIED) with a
/// message, or a FHIR OperationOutcome (401 with <c>WWW-Authenticate: Bearer</c>, 403). The steward page
/// keeps the default: a redirect to sign in.
/// </summary>
internal sealed class AccessRefusals(IOptions<AuthOptions> options) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        var grpc = http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        var fhir = http.Request.Path.StartsWithSegments(FhirEndpoints.BasePath);
        if (result.Succeeded || !(grpc || fhir))
        {
            await _default.HandleAsync(next, http, policy, result);
            return;
        }
        if (result.Challenged) await http.ChallengeAsync(SecurityRegistration.Bearer);
        var message = result.Challenged ? Unauthenticated(http) : Forbidden(http);
        await http.RequestServices.GetRequiredService<Auditing.HttpAudit>().RefusedAtTheDoorAsync(http,
            grpc ? $"{(result.Challenged ? "UNAUTHENTICATED" : "PERMISSION_DENIED")}: {message}" : $"{(result.Challenged ? 401 : 403)}: {message}");
        if (grpc) Grpc(http, result.Challenged ? 16 : 7, message);
        else await new FhirResult(Outcomes.Of(OperationOutcome.IssueSeverity.Error,
            result.Challenged ? OperationOutcome.IssueType.Login : OperationOutcome.IssueType.Forbidden, message),
            result.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden).ExecuteAsync(http);
    }

    /// <summary>A trailers-only gRPC answer: the status in the headers, no body.</summary>
    private static void Grpc(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/grpc";
        http.Response.Headers["grpc-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }

    private string Unauthenticated(HttpContext http)
    {
        var failure = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
        return failure is null
            ? $"a bearer token is required: send 'authorization: Bearer <access token>' issued by {options.Value.Authority} for {options.Value.Audience}"
            : $"the bearer token was refused: {failure.Message}";
    }

    private static string Forbidden(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        var name = endpoint?.Metadata.GetMetadata<IAuthorizeData>()?.Policy;
        var rule = AccessPolicy.Rules.FirstOrDefault(r => r.Name == name);
        if (rule is null) return "this token may not do this";
        var needs = rule.Scopes.Select(s => $"scope {s}").Concat(rule.Roles.Select(r => $"role {r}"));
        return $"this token may not do this: {rule.Meaning} needs one of {string.Join(", ", needs)}";
    }
}
