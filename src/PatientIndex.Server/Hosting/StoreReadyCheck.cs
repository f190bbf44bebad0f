using Microsoft.Extensions.Diagnostics.HealthChecks;
using PatientIndex.Core.Store;
using PatientIndex.Server.Telemetry;

namespace PatientIndex.Server.Hosting;

/// <summary>
/// Ready only while the store answers and this replica's index is within <c>Health:MaxChangeLag</c>
/// changes of the store's change sequence: behind that, its answers miss what other replicas decided.
/// </summary>
internal sealed class StoreReadyCheck(IPatientIndexStore store, ReplicaLag lag, IConfiguration configuration) : IHealthCheck
{
    private readonly long _maxLag = configuration.GetValue("Health:MaxChangeLag", 5000L);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A lookup by primary key of a person no one is: one indexed read, whichever store.
            await store.FindPersonAsync("-", cancellationToken);
            var behind = await lag.ReadAsync(cancellationToken);
            return behind <= _maxLag
                ? HealthCheckResult.Healthy($"store reachable; index {behind} changes behind")
                : HealthCheckResult.Unhealthy($"index {behind} changes behind the store (more than Health:MaxChangeLag {_maxLag})");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the store is unreachable ({e.GetType().Name})");
        }
    }
}
