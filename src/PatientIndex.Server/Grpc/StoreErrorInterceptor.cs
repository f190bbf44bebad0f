using System.Data.Common;
using Grpc.Core;
using Grpc.Core.Interceptors;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Grpc;

/// <summary>
/// A database that cannot be reached or is busy is a condition a caller should retry, not a server
/// bug: it leaves as UNAVAILABLE. Everything else keeps the framework's handling.
/// </summary>
internal sealed class StoreErrorInterceptor(ILogger<StoreErrorInterceptor> log) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (DbException e) { throw Unavailable(e, context); }
        catch (StoreConflictException e) { throw Aborted(e, context); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (DbException e) { throw Unavailable(e, context); }
        catch (StoreConflictException e) { throw Aborted(e, context); }
    }

    /// <summary>Another replica changed what this decision moved: nothing was written, and the call may be retried.</summary>
    private RpcException Aborted(StoreConflictException e, ServerCallContext context)
    {
        log.LogWarning("A decision in {Method} met a concurrent change and was not written: {Reason}", context.Method, e.Message);
        return new RpcException(new Status(StatusCode.Aborted, "another writer changed the persons this decision touches; retry"));
    }

    private RpcException Unavailable(DbException e, ServerCallContext context)
    {
        log.LogWarning(e, "The store failed during {Method}", context.Method);
        return new RpcException(new Status(StatusCode.Unavailable, "the store is unavailable; retry later"));
    }
}
