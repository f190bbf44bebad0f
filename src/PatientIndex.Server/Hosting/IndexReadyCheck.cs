using Microsoft.Extensions.Diagnostics.HealthChecks;
using PatientIndex.Core.Matching;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Hosting;

/// <summary>
/// Serving once the candidate index is built from the store; not before (unhealthy, so that gRPC health says NOT_SERVING
/// as HTTP says 503, and a balancer sends no traffic here yet), and not if that failed.
/// </summary>
internal sealed class IndexReadyCheck(IndexLoader loader, CandidateIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(loader.Ready.Status switch
        {
            TaskStatus.RanToCompletion => HealthCheckResult.Healthy("candidate index loaded"),
            TaskStatus.Faulted => HealthCheckResult.Unhealthy("loading the candidate index failed", loader.Ready.Exception),
            TaskStatus.Canceled => HealthCheckResult.Unhealthy("the server is stopping"),
            _ => HealthCheckResult.Unhealthy($"loading the candidate index ({index.Count:N0} records so far)"),
        });
}
