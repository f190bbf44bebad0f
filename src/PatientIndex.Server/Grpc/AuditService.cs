using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PatientIndex.Api.V1;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;

namespace PatientIndex.Server.Grpc;

/// <summary>The auditor's gRPC edge: checks the filters, reads a page of the trail, maps back. Reading the trail is itself audited.</summary>
internal sealed class AuditService(IAuditTrail trail) : Api.V1.Audit.AuditBase
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public override async Task<ListAuditEventsResponse> ListAuditEvents(ListAuditEventsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        RecordKey? record = null;
        if (request.Record is { } r && (r.Source.Length > 0 || r.RecordId.Length > 0))
        {
            RecordValidator.Required(r.Source, "record.source", violations);
            RecordValidator.Required(r.RecordId, "record.record_id", violations);
            record = new RecordKey(r.Source.Trim(), r.RecordId.Trim());
        }
        if (request.PageSize is < 0 or > MaxPageSize) violations.Add(RecordValidator.Violation("page_size", $"must be between 0 and {MaxPageSize}"));
        long after = 0;
        if (request.PageToken.Length > 0 && !long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            violations.Add(RecordValidator.Violation("page_token", "is not a token this server gave"));
        if (request.From is not null && request.To is not null && request.From.ToDateTimeOffset() >= request.To.ToDateTimeOffset())
            violations.Add(RecordValidator.Violation("to", "must be after from"));
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);

        var person = Value(request.PersonId);
        AuditScope.Current?.Asks(records: record is { } key ? [key] : null, persons: person is null ? null : [person]);
        var page = await trail.ReadAuditEventsAsync(new AuditQuery
        {
            Record = record,
            Person = person,
            Actor = Value(request.User),
            From = request.From?.ToDateTimeOffset(),
            To = request.To?.ToDateTimeOffset(),
            AfterEventId = after,
            Limit = request.PageSize == 0 ? DefaultPageSize : request.PageSize,
        }, context.CancellationToken);
        return new ListAuditEventsResponse
        {
            Events = { page.Events.Select(ToApi) },
            NextPageToken = page.More ? page.Events[^1].EventId.ToString(CultureInfo.InvariantCulture) : "",
        };
    }

    private static Api.V1.AuditEvent ToApi(AccessEvent e) => new()
    {
        EventId = e.EventId,
        At = Timestamp.FromDateTimeOffset(e.At),
        User = e.Actor,
        UserName = e.ActorName ?? "",
        Client = e.Client ?? "",
        ClientAddress = e.ClientAddress ?? "",
        RequestId = e.RequestId ?? "",
        Action = e.Action switch
        {
            AccessAction.Query => AuditAction.Query,
            AccessAction.Read => AuditAction.Read,
            AccessAction.Create => AuditAction.Create,
            AccessAction.Update => AuditAction.Update,
            AccessAction.Delete => AuditAction.Delete,
            AccessAction.StewardLink => AuditAction.StewardLink,
            AccessAction.StewardUnlink => AuditAction.StewardUnlink,
            AccessAction.StewardMerge => AuditAction.StewardMerge,
            AccessAction.StewardUnmerge => AuditAction.StewardUnmerge,
            AccessAction.StewardResolve => AuditAction.StewardResolve,
            AccessAction.SourceMerge => AuditAction.SourceMerge,
            AccessAction.JobSubmit => AuditAction.JobSubmit,
            AccessAction.JobChunk => AuditAction.JobChunk,
            AccessAction.ModelRelearn => AuditAction.ModelRelearn,
            _ => AuditAction.Unspecified,
        },
        Operation = e.Operation,
        Outcome = e.Outcome switch
        {
            AccessOutcome.Success => AuditOutcome.Success,
            AccessOutcome.Refused => AuditOutcome.Refused,
            _ => AuditOutcome.Failed,
        },
        OutcomeDetail = e.OutcomeDetail ?? "",
        Query = e.Query ?? "",
        ChangedRecords = { e.Changed.Select(Reference) },
        ReturnedRecords = { e.Returned.Select(Reference) },
        PersonIds = { e.Persons },
    };

    private static RecordReference Reference(RecordKey key) => new() { Source = key.Source, RecordId = key.RecordId };

    private static string? Value(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
