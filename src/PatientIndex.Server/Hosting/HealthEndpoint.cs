using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PatientIndex.Server.Hosting;

/// <summary>
/// Health over plain HTTP, for probes that do not speak gRPC (container health checks, load balancers).
/// <c>/healthz/live</c>: 200 while the process serves at all (restart it when not). <c>/healthz/ready</c>
/// (and <c>/healthz</c>, as before): 200 once the index is built, the store answers and the index follows
/// the store closely; 503 otherwise, since only then are answers complete (route traffic elsewhere).
/// </summary>
internal static class HealthEndpoint
{
    public const string ReadyTag = "ready";

    public static HealthCheckOptions Live { get; } = new() { Predicate = _ => false };

    public static HealthCheckOptions Ready { get; } = new()
    {
        Predicate = check => check.Tags.Contains(ReadyTag),
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };
}
