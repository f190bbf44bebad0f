using System.Data.Common;
using Hl7.Fhir.Model;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Limits;
using PatientIndex.Server.Security;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// The FHIR R4 edge under <c>/fhir</c> on the Web endpoint: thin handlers that read the request,
/// call the identity service through the operation classes, and answer with a resource or an
/// OperationOutcome. <see cref="Capabilities"/> lists exactly these routes.
/// </summary>
internal static class FhirEndpoints
{
    public const string BasePath = "/fhir";

    public static IServiceCollection AddFhir(this IServiceCollection services)
    {
        services.AddOptions<FhirOptions>().BindConfiguration(FhirOptions.Section);
        services.AddSingleton<SourceSystems>();
        services.AddSingleton<FhirPatients>();
        services.AddSingleton<StoredPatients>();
        services.AddSingleton<MatchOperation>();
        services.AddSingleton<IdentityFeed>();
        services.AddSingleton<FeedBundle>();
        services.AddSingleton<PixQuery>();
        services.AddSingleton<PersonView>();
        services.AddSingleton<AuditEventSearch>();
        return services;
    }

    public static IEndpointRouteBuilder MapFhir(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup(BasePath).Audited(HttpAudit.Fhir).AddEndpointFilter(AnswerErrors);
        ((IEndpointConventionBuilder)fhir).Add(AccessPolicy.Apply);
        fhir.MapGet("/metadata", (HttpRequest request) => new FhirResult(Capabilities.Of(BaseUrl(request))));
        fhir.MapPost("", async (HttpRequest request, FeedBundle bundles) =>
            new FhirResult(await bundles.ProcessAsync(await FhirRequest.ReadAsync<Bundle>(request), CallerOf(request), BaseUrl(request), request.HttpContext.RequestAborted)));

        fhir.MapPost("/Patient/$match", async (HttpRequest request, MatchOperation match) =>
            new FhirResult(await match.RunAsync(await FhirRequest.ReadAsync<Parameters>(request), BaseUrl(request), request.HttpContext.RequestAborted)))
            .RequireRateLimiting(QueryLimits.Policy);
        fhir.MapGet("/Patient/$ihe-pix", async (HttpRequest request, PixQuery pix) =>
            new FhirResult(await pix.RunAsync(request.Query["sourceIdentifier"].ToString(), request.Query["targetSystem"].OfType<string>().ToArray(),
                request.HttpContext.RequestAborted)))
            .RequireRateLimiting(QueryLimits.Policy);
        fhir.MapGet("/Patient/{id}", async (string id, StoredPatients patients, CancellationToken cancellation) =>
        {
            var key = FhirPatients.KeyOfId(id);
            AuditScope.Current?.Asks(records: [key]);
            return new FhirResult(await patients.ReadAsync(key, cancellation) ?? throw FhirException.NotFound($"Patient/{id}"));
        })
            .RequireRateLimiting(QueryLimits.Policy);

        fhir.MapPost("/Patient", async (HttpRequest request, IdentityFeed feed) =>
        {
            var condition = request.Headers.TryGetValue(IdentityFeed.IfNoneExist, out var header) ? header.ToString() : null;
            var change = feed.Create(CallerOf(request), await FhirRequest.ReadAsync<Patient>(request), condition);
            return await feed.ApplyAsync(change, BaseUrl(request), request.HttpContext.RequestAborted);
        });
        fhir.MapPut("/Patient", async (HttpRequest request, IdentityFeed feed) =>
        {
            var key = feed.KeyOf(Identifier(request));
            var change = feed.Update(CallerOf(request), await FhirRequest.ReadAsync<Patient>(request), key, idRequired: false);
            return await feed.ApplyAsync(change, BaseUrl(request), request.HttpContext.RequestAborted);
        });
        fhir.MapPut("/Patient/{id}", async (string id, HttpRequest request, IdentityFeed feed) =>
        {
            var change = feed.Update(CallerOf(request), await FhirRequest.ReadAsync<Patient>(request), FhirPatients.KeyOfId(id), idRequired: true);
            return await feed.ApplyAsync(change, BaseUrl(request), request.HttpContext.RequestAborted);
        });
        fhir.MapDelete("/Patient", async (HttpRequest request, IdentityFeed feed) =>
            await feed.ApplyAsync(IdentityFeed.Withdraw(CallerOf(request), feed.KeyOf(Identifier(request))), BaseUrl(request), request.HttpContext.RequestAborted));
        fhir.MapDelete("/Patient/{id}", async (string id, HttpRequest request, IdentityFeed feed) =>
            await feed.ApplyAsync(IdentityFeed.Withdraw(CallerOf(request), FhirPatients.KeyOfId(id)), BaseUrl(request), request.HttpContext.RequestAborted));

        fhir.MapGet("/Person/{id}", async (string id, PersonView persons, CancellationToken cancellation) =>
            new FhirResult(await persons.ReadAsync(id, cancellation)))
            .RequireRateLimiting(QueryLimits.Policy);
        fhir.MapGet("/Person", async (HttpRequest request, PersonView persons) =>
            new FhirResult(await persons.SearchAsync(request.Query["patient"].FirstOrDefault(), BaseUrl(request), request.HttpContext.RequestAborted)))
            .RequireRateLimiting(QueryLimits.Policy);
        fhir.MapGet("/AuditEvent", async (HttpRequest request, AuditEventSearch audit) =>
            new FhirResult(await audit.SearchAsync(request, BaseUrl(request), request.HttpContext.RequestAborted)));
        fhir.MapGet("/AuditEvent/{id}", async (string id, HttpRequest request, AuditEventSearch audit) =>
            new FhirResult(await audit.ReadAsync(id, BaseUrl(request), request.HttpContext.RequestAborted)));
        fhir.Map("/{**path}", (HttpRequest request) => new FhirResult(new FhirException(StatusCodes.Status404NotFound,
            OperationOutcome.IssueType.NotSupported, $"{request.Method} {request.Path} is not an interaction this server supports (see {BasePath}/metadata)").ToOutcome(),
            StatusCodes.Status404NotFound));
        return app;
    }

    /// <summary>Refusals leave as OperationOutcomes; a store that fails is a 503 to retry, not a server bug.</summary>
    private static async ValueTask<object?> AnswerErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try { return await next(context); }
        catch (FhirException e) { return new FhirResult(e.ToOutcome(), e.Status); }
        catch (DbException)
        {
            return new FhirResult(Outcomes.Of(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Transient,
                "the store is unavailable; retry later"), StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static Caller CallerOf(HttpRequest request) => new(request.HttpContext.User);

    private static string? Identifier(HttpRequest request) => request.Query.TryGetValue("identifier", out var value) ? value.ToString() : null;

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{BasePath}";
}
