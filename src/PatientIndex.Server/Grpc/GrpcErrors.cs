using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace PatientIndex.Server.Grpc;

/// <summary>Errors as gRPC statuses with rich details (google.rpc.Status), so a client knows which field was wrong.</summary>
internal static class GrpcErrors
{
    public static RpcException InvalidArgument(IReadOnlyList<Api.V1.FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = "invalid request: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")),
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    public static RpcException NotFound(string what)
    {
        var status = new Google.Rpc.Status { Code = (int)Code.NotFound, Message = what + " not found" };
        return status.ToRpcException();
    }
}
