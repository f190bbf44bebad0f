using System.Threading.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PatientIndex.Api.V1;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Limits;
using PatientIndex.Server.Matching;
using PatientIndex.Server.Security;

namespace PatientIndex.Server.Grpc;

/// <summary>
/// The gRPC edge: validates, maps to the domain, delegates to the identity service, maps back, and
/// tells the call's <see cref="AuditScope"/> which records it names and which its answer discloses.
/// </summary>
internal sealed class PatientIndexService(IdentityService identities, IOptions<MatchingOptions> matching)
    : Api.V1.PatientIndex.PatientIndexBase
{
    private const int DefaultTopK = 10;
    private const int StreamWindow = 64;
    private readonly int _maxCandidates = matching.Value.MaxCandidatesPerCall;

    public override async Task<MatchAndLinkResponse> MatchAndLink(MatchAndLinkRequest request, ServerCallContext context)
    {
        if (KeyOf(request) is { } key) AuditScope.Current?.Asks(records: [key]);
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
                    Refused(null, "INVALID_ARGUMENT: " + e.Status.Detail);
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
        AuditScope.Current?.Discloses(candidates.Select(c => c.Record), candidates.Select(c => c.PersonId));
        return new MatchResponse { Candidates = { candidates.Select(ApiMapping.ToApi) }, Warnings = { warnings.Select(ApiMapping.ToApi) } };
    }

    [EnableRateLimiting(QueryLimits.Policy)]
    public override async Task<GetPersonResponse> GetPerson(GetPersonRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        RecordValidator.Required(request.PersonId, "person_id", violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        AuditScope.Current?.Asks(persons: [request.PersonId]);
        var person = await identities.FindPersonAsync(request.PersonId, context.CancellationToken)
            ?? throw GrpcErrors.NotFound($"person {request.PersonId}");
        AuditScope.Current?.Discloses(person.Records.Select(r => r.Key));
        return ApiMapping.ToApi(person);
    }

    [EnableRateLimiting(QueryLimits.Policy)]
    public override async Task<GetCrossReferencesResponse> GetCrossReferences(GetCrossReferencesRequest request, ServerCallContext context)
    {
        var key = CheckKey(request.Source, request.RecordId);
        AuditScope.Current?.Asks(records: [key]);
        var person = await identities.PersonOfAsync(key, context.CancellationToken) ?? throw GrpcErrors.NotFound($"record {key}");
        AuditScope.Current?.Discloses(person.Records.Select(r => r.Key), [person.PersonId]);
        return new GetCrossReferencesResponse
        {
            PersonId = person.PersonId,
            Records = { person.Records.Select(r => new RecordReference { Source = r.Record.Source, RecordId = r.Record.RecordId }) },
        };
    }

    public override async Task<RemoveRecordResponse> RemoveRecord(RemoveRecordRequest request, ServerCallContext context)
    {
        var key = CheckKey(request.Source, request.RecordId);
        AuditScope.Current?.Asks(records: [key]);
        CallerOf(context).EnsureMayWrite(key.Source);
        var removed = await identities.RemoveAsync(key, context.CancellationToken) ?? throw GrpcErrors.NotFound($"record {key}");
        return new RemoveRecordResponse { PersonId = removed.PersonId, PersonRetired = removed.PersonRetired };
    }

    private async Task<MatchAndLinkStreamResponse> AnswerAsync(MatchAndLinkRequest request, Caller caller, CancellationToken cancellation)
    {
        var violations = Check(request);
        if (violations.Count > 0)
        {
            Refused(KeyOf(request), "INVALID_ARGUMENT: " + string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}")));
            return new MatchAndLinkStreamResponse
            {
                Error = new RecordError { Code = "INVALID_ARGUMENT", Message = "invalid record", FieldViolations = { violations } },
            };
        }
        try { caller.EnsureMayWrite(ApiMapping.ToDomain(request.Record).Source); }
        catch (AccessDeniedException e)
        {
            Refused(KeyOf(request), "PERMISSION_DENIED: " + e.Message);
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
        // Cut on the writer, so the audit event names exactly the candidates answered.
        var result = await identities.LinkAsync(record, request.MaxCandidates > 0 ? request.MaxCandidates : int.MaxValue, cancellation);
        return ApiMapping.ToApi(result);
    }

    /// <summary>A record of a stream refused on its own, the stream going on: its own audit event, as a unary call's refusal has.</summary>
    private static void Refused(RecordKey? key, string detail)
    {
        if (AuditScope.Current is { } audit)
            audit.Add(audit.Event(AccessAction.Update, AccessOutcome.Refused, changed: key is { } k ? [k] : null, detail: detail));
    }

    private static RecordKey? KeyOf(MatchAndLinkRequest request) =>
        request.Record is { Source: { Length: > 0 } source, RecordId: { Length: > 0 } id } ? new RecordKey(source.Trim(), id.Trim()) : null;

    private static RecordKey CheckKey(string source, string recordId)
    {
        var violations = new List<FieldViolation>();
        RecordValidator.Required(source, "source", violations);
        RecordValidator.Required(recordId, "record_id", violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        return new RecordKey(source.Trim(), recordId.Trim());
    }
}
