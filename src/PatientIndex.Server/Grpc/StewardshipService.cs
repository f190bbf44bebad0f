using PatientIndex.Core.Linkage;
using System.Globalization;
using Grpc.Core;
using PatientIndex.Api.V1;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;
using PatientIndex.Server.Stewardship;
using static PatientIndex.Server.Grpc.StewardshipMapping;

namespace PatientIndex.Server.Grpc;

/// <summary>The steward's gRPC edge: checks the request, delegates to the workflow as the token's subject, maps back.</summary>
internal sealed class StewardshipService(StewardWorkflow workflow, TimeProvider clock) : Api.V1.Stewardship.StewardshipBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;
    private const int MaxReasonLength = 1000;

    public override async Task<ListReviewTasksResponse> ListReviewTasks(ListReviewTasksRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.PageSize is < 0 or > MaxPageSize) violations.Add(RecordValidator.Violation("page_size", $"must be between 0 and {MaxPageSize}"));
        var offset = 0;
        if (request.PageToken.Length > 0 && (!int.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
            violations.Add(RecordValidator.Violation("page_token", "is not a token this server gave"));
        if (request.MinProbability is < 0 or > 1) violations.Add(RecordValidator.Violation("min_probability", "must be between 0 and 1"));
        if (request.MaxProbability is < 0 or > 1) violations.Add(RecordValidator.Violation("max_probability", "must be between 0 and 1"));
        if (request.MinAgeSeconds < 0) violations.Add(RecordValidator.Violation("min_age_seconds", "must not be negative"));
        if (request.MaxAgeSeconds < 0) violations.Add(RecordValidator.Violation("max_age_seconds", "must not be negative"));
        if (request.ReasonKind.Length > 0 && !ReviewReason.Kinds.Contains(request.ReasonKind))
            violations.Add(RecordValidator.Violation("reason_kind", $"must be one of {string.Join(", ", ReviewReason.Kinds)}"));
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);

        var now = clock.GetUtcNow();
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var query = new ReviewTaskQuery
        {
            Status = ToDomain(request.Status),
            Source = Value(request.Source),
            Reason = Value(request.Reason),
            ReasonKind = Value(request.ReasonKind),
            MinProbability = request.MinProbability > 0 ? request.MinProbability : null,
            MaxProbability = request.MaxProbability > 0 ? request.MaxProbability : null,
            CreatedBefore = request.MinAgeSeconds > 0 ? now.AddSeconds(-request.MinAgeSeconds) : null,
            CreatedAfter = request.MaxAgeSeconds > 0 ? now.AddSeconds(-request.MaxAgeSeconds) : null,
            Order = request.Order == Api.V1.ReviewTaskOrder.MostLikelyFirst ? Core.Store.ReviewTaskOrder.MostLikelyFirst : Core.Store.ReviewTaskOrder.OldestFirst,
            Offset = offset,
            Limit = size,
        };
        var page = await workflow.ListAsync(query, context.CancellationToken);
        var next = offset + page.Tasks.Count;
        return new ListReviewTasksResponse
        {
            Tasks = { page.Tasks.Select(ToApi) },
            Total = page.Total,
            NextPageToken = next < page.Total && page.Tasks.Count > 0 ? next.ToString(CultureInfo.InvariantCulture) : "",
        };
    }

    public override async Task<GetReviewTaskResponse> GetReviewTask(GetReviewTaskRequest request, ServerCallContext context)
    {
        Require((request.TaskId, "task_id"));
        var view = await workflow.ViewAsync(request.TaskId, context.CancellationToken) ?? throw GrpcErrors.NotFound($"review task {request.TaskId}");
        return ToApi(view);
    }

    public override async Task<StewardChange> ResolveReviewTask(ResolveReviewTaskRequest request, ServerCallContext context)
    {
        var user = ActingUser.Of(context);
        var violations = Check((request.TaskId, "task_id"));
        var verdict = ToDomain(request.Resolution);
        if (verdict is null) violations.Add(RecordValidator.Violation("resolution", "must be SAME_PERSON, DIFFERENT_PERSONS or DEFER"));
        CheckReason(request.Reason, violations);
        for (var i = 0; i < request.Candidates.Count; i++) CheckReference(request.Candidates[i], $"candidates[{i}]", violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        var outcome = await workflow.ResolveAsync(request.TaskId, verdict!.Value, [.. request.Candidates.Select(ToDomain)], request.OverrideAssertions,
            request.Reason, user, context.CancellationToken);
        return ToApi(outcome);
    }

    public override async Task<StewardChange> LinkRecords(LinkRecordsRequest request, ServerCallContext context)
    {
        var user = ActingUser.Of(context);
        var violations = new List<FieldViolation>();
        CheckReference(request.Record, "record", violations);
        CheckReference(request.To, "to", violations);
        CheckReason(request.Reason, violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        return ToApi(await workflow.LinkAsync(ToDomain(request.Record), ToDomain(request.To), request.OverrideAssertions, request.Reason, user, context.CancellationToken));
    }

    public override async Task<StewardChange> UnlinkRecord(UnlinkRecordRequest request, ServerCallContext context)
    {
        var user = ActingUser.Of(context);
        var violations = new List<FieldViolation>();
        CheckReference(request.Record, "record", violations);
        CheckReason(request.Reason, violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        var mode = request.Target == UnlinkTarget.Rematch ? UnlinkMode.Rematch : UnlinkMode.OwnPerson;
        return ToApi(await workflow.UnlinkAsync(ToDomain(request.Record), mode, request.Reason, user, context.CancellationToken));
    }

    public override async Task<StewardChange> MergePersons(MergePersonsRequest request, ServerCallContext context)
    {
        var user = ActingUser.Of(context);
        var violations = Check((request.FromPersonId, "from_person_id"), (request.IntoPersonId, "into_person_id"));
        CheckReason(request.Reason, violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        return ToApi(await workflow.MergeAsync(request.FromPersonId.Trim(), request.IntoPersonId.Trim(), request.OverrideAssertions, request.Reason, user,
            context.CancellationToken));
    }

    public override async Task<StewardChange> UnmergePerson(UnmergePersonRequest request, ServerCallContext context)
    {
        var user = ActingUser.Of(context);
        var violations = Check((request.MergeId, "merge_id"));
        CheckReason(request.Reason, violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        return ToApi(await workflow.UnmergeAsync(request.MergeId.Trim(), request.Reason, user, context.CancellationToken));
    }

    public override async Task<GetHistoryResponse> GetHistory(GetHistoryRequest request, ServerCallContext context)
    {
        var byRecord = request.Record is { } r && (r.Source.Length > 0 || r.RecordId.Length > 0);
        if (request.PersonId.Length == 0 && !byRecord)
            throw GrpcErrors.InvalidArgument([RecordValidator.Violation("person_id", "give a person_id or a record")]);
        var violations = new List<FieldViolation>();
        if (byRecord) CheckReference(request.Record!, "record", violations);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
        var history = byRecord
            ? await workflow.HistoryOfRecordAsync(ToDomain(request.Record!), context.CancellationToken)
            : await workflow.HistoryOfPersonAsync(request.PersonId.Trim(), context.CancellationToken);
        if (history.Events.Count == 0) throw GrpcErrors.NotFound(byRecord ? $"record {ToDomain(request.Record!)}" : $"person {request.PersonId}");
        return new GetHistoryResponse { Events = { history.Events.Select(ToApi) }, Merges = { history.Merges.Select(ToApi) } };
    }

    private static List<FieldViolation> Check(params (string Value, string Field)[] required)
    {
        var violations = new List<FieldViolation>();
        foreach (var (value, field) in required) RecordValidator.Required(value, field, violations);
        return violations;
    }

    private static void Require(params (string Value, string Field)[] required)
    {
        var violations = Check(required);
        if (violations.Count > 0) throw GrpcErrors.InvalidArgument(violations);
    }

    private static void CheckReference(RecordReference? reference, string field, List<FieldViolation> violations)
    {
        if (reference is null) { violations.Add(RecordValidator.Violation(field, "is required")); return; }
        RecordValidator.Required(reference.Source, field + ".source", violations);
        RecordValidator.Required(reference.RecordId, field + ".record_id", violations);
    }

    private static void CheckReason(string reason, List<FieldViolation> violations)
    {
        if (reason.Length > MaxReasonLength) violations.Add(RecordValidator.Violation("reason", $"is longer than {MaxReasonLength} characters"));
    }

    private static string? Value(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
