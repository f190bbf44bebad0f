using Google.Protobuf.WellKnownTypes;
using PatientIndex.Api.V1;
using PatientIndex.Core.Records;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;
using PatientIndex.Server.Stewardship;
using ApiStatus = PatientIndex.Api.V1.ReviewTaskStatus;
using DomainStatus = PatientIndex.Core.Store.ReviewTaskStatus;

namespace PatientIndex.Server.Grpc;

/// <summary>Between the Stewardship API's messages and the domain's types.</summary>
internal static class StewardshipMapping
{
    public static RecordKey ToDomain(RecordReference r) => new(r.Source.Trim(), r.RecordId.Trim());

    public static RecordReference ToApi(RecordKey key) => new() { Source = key.Source, RecordId = key.RecordId };

    public static DomainStatus ToDomain(ApiStatus status) => status switch
    {
        ApiStatus.Resolved => DomainStatus.Resolved,
        ApiStatus.Deferred => DomainStatus.Deferred,
        _ => DomainStatus.Open,
    };

    public static ApiStatus ToApi(DomainStatus status) => status switch
    {
        DomainStatus.Resolved => ApiStatus.Resolved,
        DomainStatus.Deferred => ApiStatus.Deferred,
        _ => ApiStatus.Open,
    };

    public static ReviewTaskSummary ToApi(ReviewTask task) => new()
    {
        TaskId = task.TaskId,
        CreatedAt = Timestamp.FromDateTimeOffset(task.CreatedAt),
        Record = ToApi(task.Record),
        PersonId = task.PersonId,
        Reason = task.Reason,
        ReasonKind = Core.Linkage.ReviewReason.KindOf(task.Reason) ?? "",
        Probability = task.Probability,
        Status = ToApi(task.Status),
        Candidates = { task.Candidates.Select(c => new Api.V1.ReviewCandidate { Record = ToApi(c.Record), PersonId = c.PersonId, Probability = c.Probability }) },
    };

    public static GetReviewTaskResponse ToApi(ReviewTaskView view) => new()
    {
        Task = ToApi(view.Task),
        Record = view.Record is null ? null : ApiMapping.ToApi(view.Record.Record),
        Candidates = { view.Candidates.Select(ToApi) },
        ResolvedBy = view.Task.Resolution?.Actor ?? "",
        ResolutionReason = view.Task.Resolution?.Reason ?? "",
    };

    private static CandidateComparison ToApi(CandidateView c)
    {
        var comparison = new CandidateComparison
        {
            Record = ApiMapping.ToApi(c.Stored.Record),
            PersonId = c.Stored.Link.PersonId,
            DifferingFields = { c.Differing.Select(CanonicalFields.HeaderOf) },
        };
        if (c.Explained is { } explained)
        {
            comparison.Probability = explained.Probability;
            comparison.Contributions.AddRange(ApiMapping.ToApi(explained).Contributions);
        }
        return comparison;
    }

    public static StewardChange ToApi(StewardOutcome outcome) => new()
    {
        PersonIds = { outcome.Persons },
        Events = { outcome.Change.Events.Select(ToApi) },
        MergeId = outcome.MergeId ?? "",
        NotRestored = { (outcome.NotRestored ?? []).Select(ToApi) },
    };

    public static HistoryEvent ToApi(LinkEvent e) => new()
    {
        EventId = e.EventId,
        At = Timestamp.FromDateTimeOffset(e.At),
        Kind = KindText(e.Kind),
        Record = ToApi(e.Record),
        FromPersonId = e.FromPersonId ?? "",
        ToPersonId = e.ToPersonId ?? "",
        Reason = e.Reason,
        Model = e.Model ?? "",
        Probability = e.Probability ?? 0,
        User = e.Actor,
    };

    public static MergeSummary ToApi(PersonMerge m) => new()
    {
        MergeId = m.MergeId,
        At = Timestamp.FromDateTimeOffset(m.At),
        User = m.Actor,
        Reason = m.Reason,
        FromPersonId = m.FromPersonId,
        IntoPersonId = m.IntoPersonId,
        Records = { m.Records.Select(ToApi) },
        Undone = m.Undone is not null,
        UndoneBy = m.Undone?.Actor ?? "",
    };

    public static string KindText(LinkEventKind kind) => kind switch
    {
        LinkEventKind.RecordLinked => "record_linked",
        LinkEventKind.RecordMoved => "record_moved",
        LinkEventKind.RecordUpdated => "record_updated",
        LinkEventKind.RecordRemoved => "record_removed",
        _ => "record_confirmed",
    };

    public static ReviewVerdict? ToDomain(ReviewResolution resolution) => resolution switch
    {
        ReviewResolution.SamePerson => ReviewVerdict.SamePerson,
        ReviewResolution.DifferentPersons => ReviewVerdict.DifferentPersons,
        ReviewResolution.Defer => ReviewVerdict.Defer,
        _ => null,
    };
}
