using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PatientIndex.Server.Grpc;

internal static class GuardedMethods
{
    private const string FrameworkBinder = "Grpc.AspNetCore.Server.Model.Internal.BinderServiceMethodProvider`1";

    /// <summary>
    /// Puts <see cref="GuardedMethodProvider{TService}"/> in the framework binder's place. Call after every
    /// <c>AddGrpc</c>: each call adds the framework's binder back when it is missing, and two binders would
    /// map every method twice.
    /// </summary>
    public static IServiceCollection GuardGrpcRequestMessages(this IServiceCollection services)
    {
        var framework = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType?.FullName == FrameworkBinder).ToList();
        if (framework.Count != 1)
            throw new InvalidOperationException($"expected Grpc.AspNetCore's method binder ({FrameworkBinder}) once, found it {framework.Count} times: the framework changed how it binds services");
        services.Remove(framework[0]);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(GuardedMethodProvider<>)));
        return services;
    }
}
