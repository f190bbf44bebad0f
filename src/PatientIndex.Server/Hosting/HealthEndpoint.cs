using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PatientIndex.Server.Hosting;

/// <summary>
/// <c>/healthz</c> over plain HTTP, for probes that do not speak gRPC (container health checks, load
/// balancers): 200 once the index is built, 503 while it loads, since only then are answers complete.
/// </summary>
internal static class HealthEndpoint
{
    public static HealthCheckOptions Options { get; } = new()
    {
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };
}
