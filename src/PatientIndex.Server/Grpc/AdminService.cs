using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PatientIndex.Api.V1;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Grpc;

/// <summary>The gRPC edge of administration: the model in use, and relearning it from the store.</summary>
internal sealed class AdminService(ModelInUse model, ModelLearning learning) : Admin.AdminBase
{
    public override Task<ModelInfo> GetModel(GetModelRequest request, ServerCallContext context) => Task.FromResult(Info());

    public override async Task<ModelInfo> RelearnModel(RelearnModelRequest request, ServerCallContext context)
    {
        try { await learning.RelearnAsync(context.CancellationToken); }
        catch (ModelLearningException e) { throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message)); }
        return Info();
    }

    private ModelInfo Info()
    {
        var current = model.Model;
        var provenance = current.Provenance;
        return new ModelInfo
        {
            Version = model.Name,
            LearntFrom = provenance?.TrainedOn ?? "",
            Records = provenance?.Records ?? 0,
            LearntAt = provenance is null ? null : Timestamp.FromDateTimeOffset(provenance.TrainedAt),
            LinkThreshold = current.Thresholds.Link,
            ReviewThreshold = current.Thresholds.Review,
            MaxBlockSize = current.Blocking.MaxBlockSize,
        };
    }
}
