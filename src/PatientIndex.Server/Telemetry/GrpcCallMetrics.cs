using System.Diagnostics;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http.Features;

namespace PatientIndex.Server.Telemetry;

/// <summary>
/// Records every gRPC call's duration by method and final status. A middleware, not an interceptor:
/// it also sees the calls refused before any service code runs (no token, no permission, a malformed
/// message), whose status only the response carries. A call to a method no service has is counted as
/// <c>unknown</c>, so stray paths cannot grow the metric's series.
/// </summary>
internal sealed class GrpcCallMetrics(ServiceMetrics metrics) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        var status = (int)global::Grpc.Core.StatusCode.Unknown;
        try
        {
            await next(context);
            status = StatusOf(context);
        }
        finally
        {
            var (service, method) = MethodOf(context);
            metrics.Called(service, method, status, Stopwatch.GetElapsedTime(started));
            Activity.Current?.SetTag("rpc.grpc.status_code", status);
        }
    }

    private static int StatusOf(HttpContext context)
    {
        var value = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString();
        if (string.IsNullOrEmpty(value)) value = context.Response.Headers["grpc-status"].ToString();
        if (int.TryParse(value, out var status)) return status;
        // No gRPC status at all: refused at the HTTP level (e.g. 401 before gRPC ran), mapped as gRPC maps HTTP statuses.
        return context.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => (int)global::Grpc.Core.StatusCode.Unauthenticated,
            StatusCodes.Status403Forbidden => (int)global::Grpc.Core.StatusCode.PermissionDenied,
            StatusCodes.Status429TooManyRequests => (int)global::Grpc.Core.StatusCode.ResourceExhausted,
            _ => (int)global::Grpc.Core.StatusCode.Unknown,
        };
    }

    private static (string Service, string Method) MethodOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method is { } method && !method.Name.StartsWith('{')
            ? (method.ServiceName, method.Name)
            : ("unknown", "unknown");
}
