using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PatientIndex.Server.Fhir;

namespace PatientIndex.Server.Limits;

/// <summary>
/// The per-client query limit (ASP.NET Core rate limiting, a fixed window per client): gRPC query methods
/// carry <c>[EnableRateLimiting(QueryLimits.Policy)]</c>, FHIR query routes <c>RequireRateLimiting</c>.
/// A refused gRPC call is RESOURCE_EXHAUSTED with a <c>google.rpc.RetryInfo</c>; a refused HTTP request is a
/// 429 with <c>Retry-After</c> and an OperationOutcome.
/// </summary>
internal static class QueryLimits
{
    public const string Policy = "queries";

    public static IServiceCollection AddQueryLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section)
            .Validate(o => o.QueriesPerClient >= 0 && o.Window > TimeSpan.Zero, "Limits:QueriesPerClient must not be negative and Limits:Window must be positive")
            .ValidateOnStart();
        services.AddRateLimiter(rateLimiter =>
        {
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.AddPolicy(Policy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
                var client = ClientOf(http);
                return limits.QueriesPerClient == 0
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.QueriesPerClient, Window = limits.Window, QueueLimit = 0, AutoReplenishment = true,
                    });
            });
            rateLimiter.OnRejected = RefuseAsync;
        });
        return services;
    }

    /// <summary>Who is asking, as a partition key.</summary>
    private static string ClientOf(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true
            && (http.User.FindFirst("client_id") ?? http.User.FindFirst("sub") ?? http.User.FindFirst(ClaimTypes.NameIdentifier)) is { } id)
            return "client:" + id.Value;
        if (http.Connection.ClientCertificate is { } certificate) return "certificate:" + certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        return "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var window = http.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.Window;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = $"too many queries from this client: retry after {seconds} s";
        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A trailers-only answer: a gRPC client reads an HTTP 429 as UNAVAILABLE, so the status goes in grpc-status.
            var status = new Google.Rpc.Status
            {
                Code = (int)global::Grpc.Core.StatusCode.ResourceExhausted, Message = message,
                Details = { Any.Pack(new RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) }) },
            };
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/grpc";
            http.Response.Headers["grpc-status"] = status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers["grpc-message"] = message;
            http.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
            return;
        }
        var outcome = Outcomes.Of(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Throttled, message);
        await new FhirResult(outcome, StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
    }
}
