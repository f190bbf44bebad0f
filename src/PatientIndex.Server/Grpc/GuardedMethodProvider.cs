using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace PatientIndex.Server.Grpc;

/// <summary>
/// Binds every gRPC service's methods as Grpc.AspNetCore's own binder does (the generated
/// <c>BindService</c>, the service's and method's attributes as endpoint metadata), with one change:
/// each request deserializer turns a message that is not valid protobuf into a
/// <see cref="MalformedMessageException"/> (INVALID_ARGUMENT) and one short log line. Left to the
/// framework, the parse error reaches the handler as an unexpected exception: UNKNOWN, and an error
/// with a stack trace logged per request. The framework reads a unary or server-streaming request
/// before any interceptor runs, so the deserializer is the one place that sees every method's messages.
/// </summary>
internal sealed partial class GuardedMethodProvider<TService>(ILoggerFactory logs) : IServiceMethodProvider<TService>
    where TService : class
{
    private readonly ILogger _log = logs.CreateLogger("PatientIndex.Server.Grpc.MalformedMessages");

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var (bindService, serviceBase) = FindBindService(typeof(TService));
        bindService.Invoke(null, [new Binder(context, serviceBase, this), null]);
    }

    /// <summary>The generated <c>BindService(ServiceBinderBase, TBase)</c> named by the attribute on the generated base class.</summary>
    private static (MethodInfo BindService, Type ServiceBase) FindBindService(Type service)
    {
        for (var type = service; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } bind) continue;
            var method = bind.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type]);
            if (method is not null) return (method, type);
        }
        throw new InvalidOperationException($"{service} has no generated BindService method to bind its gRPC methods with");
    }

    private Method<TRequest, TResponse> Guarded<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class where TResponse : class
    {
        var inner = method.RequestMarshaller;
        var messageType = typeof(TRequest).GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is Google.Protobuf.Reflection.MessageDescriptor descriptor
            ? descriptor.FullName : typeof(TRequest).Name;
        var marshaller = Marshallers.Create(inner.ContextualSerializer, context =>
        {
            try { return inner.ContextualDeserializer(context); }
            catch (InvalidProtocolBufferException)
            {
                Refused(_log, messageType, context.PayloadLength, method.FullName);
                throw new MalformedMessageException(messageType);
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a malformed {MessageType} ({Bytes} bytes) sent to {Method}: not valid protobuf")]
    private static partial void Refused(ILogger log, string messageType, int bytes, string method);

    /// <summary>Receives the generated methods and adds them, guarded, to the endpoint model.</summary>
    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase, GuardedMethodProvider<TService> guard) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(guard.Guarded(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(guard.Guarded(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(guard.Guarded(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(guard.Guarded(method), metadata, invoker);
        }

        /// <summary>The service's override of the generated method, and its metadata: the service's attributes, then the method's (which win).</summary>
        private (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, params Type[] parameters) where TDelegate : Delegate
        {
            var handler = Override(name, parameters) ?? throw new InvalidOperationException($"{typeof(TService)} does not implement {name}");
            var metadata = new List<object>(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }

        private MethodInfo? Override(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
                if (method is null) return null;
                // A method of the same name that hides the generated one is not its implementation: look further down.
                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == serviceBase) return method;
            }
            return null;
        }
    }
}
