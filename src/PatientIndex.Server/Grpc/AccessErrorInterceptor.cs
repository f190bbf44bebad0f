using Grpc.Core;
using Grpc.Core.Interceptors;
using PatientIndex.Server.Security;

namespace PatientIndex.Server.Grpc;

/// <summary>A valid token asking for what it may not do (a record of another source) leaves as PERMISSION_DENIED.</summary>
internal sealed class AccessErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (AccessDeniedException e) { throw new RpcException(new Status(StatusCode.PermissionDenied, e.Message)); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (AccessDeniedException e) { throw new RpcException(new Status(StatusCode.PermissionDenied, e.Message)); }
    }
}
