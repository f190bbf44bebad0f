using System.Threading.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PatientIndex.Api.V1;
using PatientIndex.Core.Store;
using PatientIndex.Server.Limits;
using PatientIndex.Server.Matching;
using PatientIndex.Server.Security;

namespace PatientIndex.Server.Grpc;

/// <summary>The gRPC edge: validates, maps to the domain, delegates to the identity service, maps back.</summary>
internal sealed class PatientIndexService(IdentityService identities, IOptions<MatchingOptions> matching)
    : Api.V1.PatientIndex.PatientIndexBase
{
    private const int DefaultTopK = 10;
    private const int StreamWindow = 64;
    private readonly int _maxCandidates = matching.Value.MaxCandidatesPerCall;

    public override async Task<MatchAndLinkResponse> MatchAndLink(MatchAndLinkRequest request, ServerCallContext context)
    {
        var violations = Check(request);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        CallerOf(context).EnsureMayWrite(ApiMapping.ToDomain(request.Record).Source);
        return await LinkAsync(request, context.CancellationToken);
    }

    /// <summary>
    /// Requests are read ahead (up to a window) and queued while earlier answers are still being
    /// written, so one stream keeps the writer busy; answers leave strictly in request order. A record
    /// that is refused, or a message that is not protobuf at all, gets an error answer in its place.
    /// </summary>
    public override async Task MatchAndLinkStream(IAsyncStreamReader<MatchAndLinkRequest> requestStream,
        IServerStreamWriter<MatchAndLinkStreamResponse> responseStream, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        var answers = Channel.CreateBounded<Task<MatchAndLinkStreamResponse>>(new BoundedChannelOptions(StreamWindow) { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            await foreach (var answer in answers.Reader.ReadAllAsync(cancellation))
                await responseStream.WriteAsync(await answer, cancellation);
        }, cancellation);
        try
        {
            while (true)
            {
                Task<MatchAndLinkStreamResponse> answer;
                try
                {
                    if (!await requestStream.MoveNext(cancellation)) break;
                    answer = AnswerAsync(requestStream.Current, CallerOf(context), cancellation);
                }
                catch (MalformedMessageException e)
                {
                    // The bad message's frame is consumed: answer it in its place and read on.
                    answer = Task.FromResult(new MatchAndLinkStreamResponse { Error = new RecordError { Code = "INVALID_ARGUMENT", Message = e.Status.Detail } });
                }
                await answers.Writer.WriteAsync(answer, cancellation);
            }
        }
        finally
        {
            answers.Writer.TryComplete();
        }
        await writer;
    }

    [EnableRateLimiting(QueryLimits.Policy)]
    public override async Task<MatchResponse> Match(MatchRequest request, ServerCallContext context)
    {
        var violations = RecordValidator.Check(request.Record, keyRequired: false);
        if (request.TopK < 0 || request.TopK > _maxCandidates) violations.Add(RecordValidator.Violation("top_k", $"must be between 0 and {_maxCandidates}"));
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        var record = ApiMapping.ToDomain(request.Record);
        var topK = request.TopK == 0 ? Math.Min(DefaultTopK, _maxCandidates) : request.TopK;
        var (candidates, warnings) = await identities.MatchAsync(record, topK, context.CancellationToken);
        return new MatchResponse { Candidates = { candidates.Select(ApiMapping.ToApi) }, Warnings = { warnings.Select(ApiMapping.ToApi) } };
    }

    [EnableRateLimiting(QueryLimits.Policy)]
    public override async Task<GetPersonResponse> GetPerson(GetPersonRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        RecordValidator.Required(request.PersonId, "person_id", violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        var person = await identities.FindPersonAsync(request.PersonId, context.CancellationToken)
            ?? throw GrpcErrors.NotFound($"person {request.PersonId}");
        return ApiMapping.ToApi(person);
    }

    [EnableRateLimiting(QueryLimits.Policy)]
    public override async Task<GetCrossReferencesResponse> GetCrossReferences(GetCrossReferencesRequest request, ServerCallContext context)
    {
        var key = CheckKey(request.Source, request.RecordId);
        var person = await identities.PersonOfAsync(key, context.CancellationToken) ?? throw GrpcErrors.NotFound($"record {key}");
        return new GetCrossReferencesResponse
        {
            PersonId = person.PersonId,
            Records = { person.Records.Select(r => new RecordReference { Source = r.Record.Source, RecordId = r.Record.RecordId }) },
        };
    }

    public override async Task<RemoveRecordResponse> RemoveRecord(RemoveRecordRequest request, ServerCallContext context)
    {
        var key = CheckKey(request.Source, request.RecordId);
        CallerOf(context).EnsureMayWrite(key.Source);
        var removed = await identities.RemoveAsync(key, context.CancellationToken) ?? throw GrpcErrors.NotFound($"record {key}");
        return new RemoveRecordResponse { PersonId = removed.PersonId, PersonRetired = removed.PersonRetired };
    }

    private async Task<MatchAndLinkStreamResponse> AnswerAsync(MatchAndLinkRequest request, Caller caller, CancellationToken cancellation)
    {
        var violations = Check(request);
        if (violations.Count > 0)
            return new MatchAndLinkStreamResponse
            {
                Error = new RecordError { Code = "INVALID_ARGUMENT", Message = "invalid record", FieldViolations = { violations } },
            };
        try { caller.EnsureMayWrite(ApiMapping.ToDomain(request.Record).Source); }
        catch (AccessDeniedException e)
        {
            return new MatchAndLinkStreamResponse { Error = new RecordError { Code = "PERMISSION_DENIED", Message = e.Message } };
        }
        return new MatchAndLinkStreamResponse { Result = await LinkAsync(request, cancellation) };
    }

    private List<FieldViolation> Check(MatchAndLinkRequest request)
    {
        var violations = RecordValidator.Check(request.Record, keyRequired: true);
        if (request.MaxCandidates < 0 || request.MaxCandidates > _maxCandidates)
            violations.Add(RecordValidator.Violation("max_candidates", $"must be between 0 and {_maxCandidates}"));
        return violations;
    }

    private static Caller CallerOf(ServerCallContext context) => new(context.GetHttpContext().User);

    private async Task<MatchAndLinkResponse> LinkAsync(MatchAndLinkRequest request, CancellationToken cancellation)
    {
        var record = ApiMapping.ToDomain(request.Record);
        var result = await identities.LinkAsync(record, cancellation);
        var response = ApiMapping.ToApi(result);
        if (request.MaxCandidates > 0 && response.Candidates.Count > request.MaxCandidates)
        {
            var kept = response.Candidates.Take(request.MaxCandidates).ToList();
            response.Candidates.Clear();
            response.Candidates.AddRange(kept);
        }
        return response;
    }

    private static RecordKey CheckKey(string source, string recordId)
    {
        var violations = new List<FieldViolation>();
        RecordValidator.Required(source, "source", violations);
        RecordValidator.Required(recordId, "record_id", violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        return new RecordKey(source.Trim(), recordId.Trim());
    }
}
