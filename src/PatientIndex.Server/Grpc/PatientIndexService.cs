using System.Threading.Channels;
using Grpc.Core;
using PatientIndex.Api.V1;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Matching;

namespace PatientIndex.Server.Grpc;

/// <summary>
/// The gRPC edge: validates, maps to the domain, delegates to the identity service, maps back, and
/// tells the call's <see cref="AuditScope"/> which records it names and which its answer discloses.
/// </summary>
internal sealed class PatientIndexService(IdentityService identities)
    : Api.V1.PatientIndex.PatientIndexBase
{
    private const int DefaultTopK = 10;
    private const int MaxTopK = 100;
    private const int StreamWindow = 64;

    public override async Task<MatchAndLinkResponse> MatchAndLink(MatchAndLinkRequest request, ServerCallContext context)
    {
        if (KeyOf(request) is { } key) AuditScope.Current?.Asks(records: [key]);
        var violations = RecordValidator.Check(request.Record, keyRequired: true);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        return await LinkAsync(request, context.CancellationToken);
    }

    /// <summary>
    /// Requests are read ahead (up to a window) and queued while earlier answers are still being
    /// written, so one stream keeps the writer busy; answers leave strictly in request order.
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
            await foreach (var request in requestStream.ReadAllAsync(cancellation))
                await answers.Writer.WriteAsync(AnswerAsync(request, cancellation), cancellation);
        }
        finally
        {
            answers.Writer.TryComplete();
        }
        await writer;
    }

    public override async Task<MatchResponse> Match(MatchRequest request, ServerCallContext context)
    {
        var violations = RecordValidator.Check(request.Record, keyRequired: false);
        if (request.TopK is < 0 or > MaxTopK) violations.Add(RecordValidator.Violation("top_k", $"must be between 0 and {MaxTopK}"));
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        var record = ApiMapping.ToDomain(request.Record);
        var (candidates, warnings) = await identities.MatchAsync(record, request.TopK == 0 ? DefaultTopK : request.TopK, context.CancellationToken);
        AuditScope.Current?.Discloses(candidates.Select(c => c.Record), candidates.Select(c => c.PersonId));
        return new MatchResponse { Candidates = { candidates.Select(ApiMapping.ToApi) }, Warnings = { warnings.Select(ApiMapping.ToApi) } };
    }

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
        var removed = await identities.RemoveAsync(key, context.CancellationToken) ?? throw GrpcErrors.NotFound($"record {key}");
        return new RemoveRecordResponse { PersonId = removed.PersonId, PersonRetired = removed.PersonRetired };
    }

    private async Task<MatchAndLinkStreamResponse> AnswerAsync(MatchAndLinkRequest request, CancellationToken cancellation)
    {
        var violations = RecordValidator.Check(request.Record, keyRequired: true);
        if (violations.Count > 0)
        {
            // Refused on its own, the stream going on: its own event, as a unary call's refusal has.
            if (AuditScope.Current is { } audit)
                audit.Add(audit.Event(AccessAction.Update, AccessOutcome.Refused, changed: KeyOf(request) is { } key ? [key] : null,
                    detail: "INVALID_ARGUMENT: " + string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}"))));
            return new MatchAndLinkStreamResponse
            {
                Error = new RecordError { Code = "INVALID_ARGUMENT", Message = "invalid record", FieldViolations = { violations } },
            };
        }
        return new MatchAndLinkStreamResponse { Result = await LinkAsync(request, cancellation) };
    }

    private async Task<MatchAndLinkResponse> LinkAsync(MatchAndLinkRequest request, CancellationToken cancellation)
    {
        var record = ApiMapping.ToDomain(request.Record);
        // Cut on the writer, so the audit event names exactly the candidates answered.
        var result = await identities.LinkAsync(record, request.MaxCandidates > 0 ? request.MaxCandidates : int.MaxValue, cancellation);
        return ApiMapping.ToApi(result);
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
