using Microsoft.Extensions.Diagnostics.HealthChecks;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Hosting;

/// <summary>Serving once the candidate index is built from the store; not before, and not if that failed.</summary>
internal sealed class IndexReadyCheck(IndexLoader loader) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(loader.Ready.Status switch
        {
            TaskStatus.RanToCompletion => HealthCheckResult.Healthy("candidate index loaded"),
            TaskStatus.Faulted => HealthCheckResult.Unhealthy("loading the candidate index failed", loader.Ready.Exception),
            _ => HealthCheckResult.Degraded("loading the candidate index"),
        });
}
