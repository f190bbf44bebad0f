using Grpc.AspNetCore.Server;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Auditing;

internal static class AuditRegistration
{
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IPatientIndexStore>() as IAuditTrail
            ?? throw new InvalidOperationException("the store keeps no audit trail"));
        services.AddSingleton<AuditTrailWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrailWriter>());
        services.AddSingleton<HttpAudit>();
        // First, so outermost: it sees the status a call ends with once the other interceptors have translated it.
        services.Configure<GrpcServiceOptions>(grpc =>
        {
            grpc.Interceptors.Add<AuditInterceptor>();
            var audit = grpc.Interceptors[^1];
            grpc.Interceptors.RemoveAt(grpc.Interceptors.Count - 1);
            grpc.Interceptors.Insert(0, audit);
        });
        return services;
    }
}
