using Grpc.Core;

namespace PatientIndex.Server.Grpc;

/// <summary>
/// A request message that is not valid protobuf: the caller's fault, so INVALID_ARGUMENT with a short
/// message, never a server error with a stack trace. Thrown by the guarded deserializer
/// (<see cref="GuardedMethodProvider{TService}"/>); a stream's handler may catch it and go on reading, since the
/// framework has consumed the bad message's frame by then.
/// </summary>
internal sealed class MalformedMessageException(string messageType)
    : RpcException(new Status(StatusCode.InvalidArgument, $"the message is not a valid {messageType} (malformed protobuf)"))
{
    public string MessageType { get; } = messageType;
}
