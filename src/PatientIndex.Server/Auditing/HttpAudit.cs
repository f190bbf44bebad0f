using Hl7.Fhir.Model;
using PatientIndex.Core.Audit;
using PatientIndex.Server.Fhir;

namespace PatientIndex.Server.Auditing;

/// <summary>
/// Opens the audit scope of every FHIR interaction and steward page, as an endpoint filter around the
/// routes of a group (outside their own error handling, so it sees the status they answer with). A
/// read or query asked its method, path and query string; a write names its records itself. The
/// request's events are queued before its answer is written; if they cannot be, the answer is a 503.
/// </summary>
internal sealed class HttpAudit(AuditTrailWriter trail, TimeProvider clock)
{
    public const string Fhir = "fhir";
    public const string Web = "web";

    /// <summary>Not patient data: the capability statement, and signing in and out of the steward page.</summary>
    private static readonly HashSet<string> Unaudited = new(StringComparer.Ordinal)
    {
        "fhir GET /fhir/metadata", "web POST /steward/signin", "web POST /steward/signout",
    };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string channel)
    {
        var http = context.HttpContext;
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.ToString();
        var operation = $"{channel} {http.Request.Method} {pattern}";
        if (Unaudited.Contains(operation)) return await next(context);
        var action = AuditedOperations.ActionOf(operation);
        var scope = new AuditScope(CallerContext.Of(http), operation, action, CallerContext.RequestIdOf(http), clock);
        if (!AuditScope.Changes(action)) scope.Asks(query: $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
        scope.Enter();
        try
        {
            object? result;
            try { result = await next(context); }
            catch (Exception e)
            {
                await trail.EnqueueAsync(scope.Finish(e is OperationCanceledException ? AccessOutcome.Refused : AccessOutcome.Failed, e.GetType().Name));
                throw;
            }
            var (outcome, detail) = OutcomeOf(result);
            await trail.EnqueueAsync(scope.Finish(outcome, detail));
            return result;
        }
        catch (AuditTrailUnavailableException e)
        {
            return channel == Fhir
                ? new FhirResult(Outcomes.Of(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Transient, e.Message), StatusCodes.Status503ServiceUnavailable)
                : Results.Text(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        finally { AuditScope.Leave(); }
    }

    /// <summary>
    /// A call refused at the door for its token (no token, a bad one, or one that may not): recorded as an
    /// attempt by whoever the token names, if anyone. The refusal is answered whatever happens here.
    /// </summary>
    public async System.Threading.Tasks.Task RefusedAtTheDoorAsync(HttpContext http, string detail)
    {
        var grpc = http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.ToString();
        var operation = grpc ? "grpc " + http.Request.Path : $"{Fhir} {http.Request.Method} {pattern}";
        if (grpc ? !AuditedOperations.IsAudited(http.Request.Path.ToString()) : Unaudited.Contains(operation)) return;
        var action = AuditedOperations.ActionOf(operation);
        var scope = new AuditScope(CallerContext.Of(http), operation, action, CallerContext.RequestIdOf(http), clock);
        if (!AuditScope.Changes(action)) scope.Asks(query: $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
        try { await trail.EnqueueAsync(scope.Finish(AccessOutcome.Refused, detail)); }
        catch (AuditTrailUnavailableException) { /* refused either way: nothing was disclosed or changed */ }
    }

    private static (AccessOutcome Outcome, string? Detail) OutcomeOf(object? result) => result switch
    {
        FhirResult { Status: >= 400 } fhir => (fhir.Status >= 500 ? AccessOutcome.Failed : AccessOutcome.Refused,
            $"{fhir.Status}: {string.Join("; ", (fhir.Resource as OperationOutcome)?.Issue.Select(i => i.Diagnostics) ?? [])}"),
        IStatusCodeHttpResult { StatusCode: >= 400 and var status } => (status >= 500 ? AccessOutcome.Failed : AccessOutcome.Refused, status.ToString()),
        _ => (AccessOutcome.Success, null),
    };
}

internal static class HttpAuditRegistration
{
    /// <summary>Audits every route of the group (but those <see cref="HttpAudit"/> leaves out) as <paramref name="channel"/>.</summary>
    public static RouteGroupBuilder Audited(this RouteGroupBuilder group, string channel) =>
        group.AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<HttpAudit>().InvokeAsync(context, next, channel));
}
