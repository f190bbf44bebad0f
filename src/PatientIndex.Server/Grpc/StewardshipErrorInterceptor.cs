using Grpc.Core;
using Grpc.Core.Interceptors;
using PatientIndex.Core.Stewardship;

namespace PatientIndex.Server.Grpc;

/// <summary>A steward action the domain refuses leaves as NOT_FOUND or FAILED_PRECONDITION with the domain's reason.</summary>
internal sealed class StewardshipErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (StewardshipException e)
        {
            throw new RpcException(new Status(e.Error == StewardshipError.NotFound ? StatusCode.NotFound : StatusCode.FailedPrecondition, e.Message));
        }
    }
}
