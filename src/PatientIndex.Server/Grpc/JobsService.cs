using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PatientIndex.Api.V1;
using PatientIndex.Core.Jobs;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Jobs;
using PatientIndex.Server.Security;
using CoreJobState = PatientIndex.Core.Jobs.JobState;

namespace PatientIndex.Server.Grpc;

/// <summary>The gRPC edge of extract jobs: validates and maps; <see cref="ExtractJobs"/> does the rest.</summary>
internal sealed class JobsService(ExtractJobs jobs) : Api.V1.Jobs.JobsBase
{
    public override async Task<Job> SubmitUpload(IAsyncStreamReader<SubmitUploadRequest> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellationToken) || requestStream.Current.PartCase != SubmitUploadRequest.PartOneofCase.Options)
            throw Invalid("options", "the first message must carry the job's options");
        var spec = Spec(null, requestStream.Current.Options) with { Sources = WritableSources(context) };
        var spooled = Path.Combine(jobs.SpoolDirectory, $"upload-{Guid.NewGuid():N}");
        try
        {
            await using var file = new FileStream(spooled, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            while (await requestStream.MoveNext(cancellationToken))
            {
                if (requestStream.Current.PartCase != SubmitUploadRequest.PartOneofCase.Content)
                    throw Invalid("content", "after the first message, every message carries content");
                requestStream.Current.Content.WriteTo(file);
            }
            return Map(Audited(await Translate(() => jobs.SubmitUploadAsync(spec, file, cancellationToken))));
        }
        finally { if (File.Exists(spooled)) File.Delete(spooled); }
    }

    public override async Task<Job> SubmitPath(SubmitPathRequest request, ServerCallContext context) =>
        Map(Audited(await Translate(() => jobs.SubmitPathAsync(Spec(request.Path, request.Options ?? new JobOptions()), context.CancellationToken))));

    public override async Task<Job> GetJob(GetJobRequest request, ServerCallContext context) =>
        Map(await jobs.FindAsync(JobId(request), context.CancellationToken) ?? throw GrpcErrors.NotFound($"extract job {request.JobId}"));

    public override async Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        if (request.Limit < 0) throw Invalid("limit", "must not be negative");
        var list = await jobs.ListAsync(request.Limit == 0 ? 50 : Math.Min(request.Limit, 1000), context.CancellationToken);
        return new ListJobsResponse { Jobs = { list.Select(Map) } };
    }

    public override async Task WatchJob(GetJobRequest request, IServerStreamWriter<Job> responseStream, ServerCallContext context)
    {
        try
        {
            await foreach (var job in jobs.WatchAsync(JobId(request), context.CancellationToken))
                await responseStream.WriteAsync(Map(job), context.CancellationToken);
        }
        catch (JobNotFoundException) { throw GrpcErrors.NotFound($"extract job {request.JobId}"); }
    }

    /// <summary>The job a submission made (or found), named in its audit event: each chunk's event names the job as its actor.</summary>
    private static ExtractJob Audited(ExtractJob job)
    {
        var spec = JobSpec.FromJson(job.Spec);
        AuditScope.Current?.Asks(query: $"extract job {job.JobId}: {spec.Path ?? spec.FileName}{(spec.FullExtract ? ", full extract" : "")}");
        return job;
    }

    /// <summary>
    /// An administrator's job may hold any source; an integration system's only its own, which the runner
    /// checks of every record before it links any (a CSV's source is its file's name or its source column).
    /// </summary>
    private static IReadOnlyList<string>? WritableSources(ServerCallContext context)
    {
        var caller = new Caller(context.GetHttpContext().User);
        if (caller.IsAdmin) return null;
        if (caller.Sources.Count == 0) throw new AccessDeniedException($"this token names no source (claim '{Caller.SourceClaim}'), so it may submit no extract");
        return [.. caller.Sources.Order(StringComparer.Ordinal)];
    }

    private static string JobId(GetJobRequest request) =>
        string.IsNullOrWhiteSpace(request.JobId) ? throw Invalid("job_id", "is required") : request.JobId;

    private static JobSpec Spec(string? path, JobOptions options) => new(
        path,
        string.IsNullOrWhiteSpace(options.FileName) && path is { Length: > 0 } ? Path.GetFileName(path) : options.FileName,
        string.IsNullOrWhiteSpace(options.Columns) ? null : options.Columns,
        options.FullExtract,
        options.MaxWithdrawnShare == 0 ? JobSpec.DefaultMaxWithdrawnShare : options.MaxWithdrawnShare,
        options.Force);

    private static async Task<ExtractJob> Translate(Func<Task<ExtractJob>> submit)
    {
        try { return await submit(); }
        catch (JobSpecException e) { throw Invalid(e.Field, e.Message); }
    }

    private static RpcException Invalid(string field, string description) =>
        GrpcErrors.InvalidArgument([new FieldViolation { Field = field, Description = description }]);

    internal static Job Map(ExtractJob job)
    {
        var spec = JobSpec.FromJson(job.Spec);
        var report = Core.Jobs.ExtractReport.FromJson(job.Report);
        return new Job
        {
            JobId = job.JobId,
            State = job.State switch
            {
                CoreJobState.Queued => Api.V1.JobState.Queued,
                CoreJobState.Running => Api.V1.JobState.Running,
                CoreJobState.Succeeded => Api.V1.JobState.Succeeded,
                _ => Api.V1.JobState.Failed,
            },
            FileName = spec.FileName,
            SubmittedAt = Timestamp.FromDateTimeOffset(job.SubmittedAt),
            FinishedAt = job.FinishedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            ChunksDone = job.ChunksDone,
            Chunks = report.Chunks,
            Error = job.Error ?? "",
            RunningOn = job.LeasedBy ?? "",
            Report = Map(report),
        };
    }

    private static Api.V1.ExtractReport Map(Core.Jobs.ExtractReport report) => new()
    {
        Sources = { report.Sources.Select(s => Map(s.Key, s.Value)) },
        Total = Map("", report.Total),
        Rejected = report.Rejected,
        IdenticalRepeats = report.IdenticalRepeats,
    };

    private static SourceReport Map(string source, SourceTally t) => new()
    {
        Source = source, New = t.New, Updated = t.Updated, Unchanged = t.Unchanged, Withdrawn = t.Withdrawn,
        Linked = t.Linked, NewPersons = t.NewPersons, Moved = t.Moved, SentToReview = t.SentToReview,
    };
}
