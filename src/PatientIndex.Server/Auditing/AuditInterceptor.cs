using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using PatientIndex.Core.Audit;

namespace PatientIndex.Server.Auditing;

/// <summary>
/// Opens the audit scope of every call to this server's gRPC API, outermost, so it sees the status a
/// call ends with after the other interceptors translated it. What a read or query asked is its
/// request message (as JSON, values included: see <see cref="AccessEvent.Query"/>); a write names its
/// records itself, since its request is the record. A streamed answer leaves only once the events
/// before it are queued, and the call's last events are queued before its status is sent; if they
/// cannot be, the call fails UNAVAILABLE instead of answering unrecorded.
/// </summary>
internal sealed class AuditInterceptor(AuditTrailWriter trail, TimeProvider clock) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (Open(context, request) is not { } scope) return await continuation(request, context);
        TResponse response;
        try { response = await continuation(request, context); }
        catch (Exception e) { throw await FailedAsync(scope, e); }
        await FinishAsync(scope, AccessOutcome.Success, null);
        return response;
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (Open(context, request: null) is not { } scope) return await continuation(requestStream, context);
        TResponse response;
        try { response = await continuation(requestStream, context); }
        catch (Exception e) { throw await FailedAsync(scope, e); }
        await FinishAsync(scope, AccessOutcome.Success, null);
        return response;
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (Open(context, request) is not { } scope)
        {
            await continuation(request, responseStream, context);
            return;
        }
        try { await continuation(request, new AuditedWriter<TResponse>(responseStream, scope, trail), context); }
        catch (Exception e) { throw await FailedAsync(scope, e); }
        await FinishAsync(scope, AccessOutcome.Success, null);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (Open(context, request: null) is not { } scope)
        {
            await continuation(requestStream, responseStream, context);
            return;
        }
        try { await continuation(requestStream, new AuditedWriter<TResponse>(responseStream, scope, trail), context); }
        catch (Exception e) { throw await FailedAsync(scope, e); }
        await FinishAsync(scope, AccessOutcome.Success, null);
    }

    private AuditScope? Open(ServerCallContext context, object? request)
    {
        if (!AuditedOperations.IsAudited(context.Method)) return null;
        var http = context.GetHttpContext();
        var operation = "grpc " + context.Method;
        var action = AuditedOperations.ActionOf(operation);
        var scope = new AuditScope(CallerContext.Of(http), operation, action, CallerContext.RequestIdOf(http), clock);
        if (!AuditScope.Changes(action) && request is IMessage message) scope.Asks(query: JsonFormatter.Default.Format(message));
        scope.Enter();
        return scope;
    }

    private async Task<Exception> FailedAsync(AuditScope scope, Exception e)
    {
        var (outcome, status) = e switch
        {
            RpcException rpc => (Refusals.Contains(rpc.StatusCode) ? AccessOutcome.Refused : AccessOutcome.Failed, rpc.Status),
            OperationCanceledException => (AccessOutcome.Refused, new Status(StatusCode.Cancelled, "the caller cancelled the call")),
            _ => (AccessOutcome.Failed, new Status(StatusCode.Internal, e.GetType().Name)),
        };
        try { await FinishAsync(scope, outcome, $"{CodeOf(status.StatusCode)}: {status.Detail}"); }
        catch (RpcException unrecorded) { return unrecorded; }
        return e;
    }

    /// <exception cref="RpcException">UNAVAILABLE, when the events cannot be queued in time.</exception>
    private async Task FinishAsync(AuditScope scope, AccessOutcome outcome, string? detail)
    {
        try { await trail.EnqueueAsync(scope.Finish(outcome, detail)); }
        catch (AuditTrailUnavailableException e) { throw new RpcException(new Status(StatusCode.Unavailable, e.Message)); }
        finally { AuditScope.Leave(); }
    }

    /// <summary>Statuses that say the caller's request was refused; any other is the server failing.</summary>
    private static readonly HashSet<StatusCode> Refusals =
    [
        StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.AlreadyExists, StatusCode.PermissionDenied, StatusCode.Unauthenticated,
        StatusCode.FailedPrecondition, StatusCode.OutOfRange, StatusCode.Unimplemented, StatusCode.Cancelled,
    ];

    /// <summary>A status code as gRPC names it (INVALID_ARGUMENT).</summary>
    public static string CodeOf(StatusCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    /// <summary>Queues the events recorded so far before each answer leaves.</summary>
    private sealed class AuditedWriter<T>(IServerStreamWriter<T> inner, AuditScope scope, AuditTrailWriter trail) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            try { await trail.EnqueueAsync(scope.TakePending()); }
            catch (AuditTrailUnavailableException e) { throw new RpcException(new Status(StatusCode.Unavailable, e.Message)); }
            await inner.WriteAsync(message, cancellationToken);
        }
    }
}
