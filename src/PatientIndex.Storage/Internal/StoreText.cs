using System.Globalization;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Jobs;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Internal;

/// <summary>How domain values are written as text columns: stable snake_case codes and UTC ISO 8601 times.</summary>
internal static class StoreText
{
    public static string Of(LinkOutcome outcome) => outcome switch
    {
        LinkOutcome.Linked => "linked",
        LinkOutcome.NewPerson => "new_person",
        LinkOutcome.Review => "review",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static LinkOutcome Outcome(string text) => text switch
    {
        "linked" => LinkOutcome.Linked,
        "new_person" => LinkOutcome.NewPerson,
        "review" => LinkOutcome.Review,
        _ => throw new InvalidDataException($"unknown link outcome '{text}' in the store"),
    };

    public static string Of(LinkEventKind kind) => kind switch
    {
        LinkEventKind.RecordLinked => "record_linked",
        LinkEventKind.RecordMoved => "record_moved",
        LinkEventKind.RecordUpdated => "record_updated",
        LinkEventKind.RecordRemoved => "record_removed",
        LinkEventKind.RecordConfirmed => "record_confirmed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static LinkEventKind EventKind(string text) => text switch
    {
        "record_linked" => LinkEventKind.RecordLinked,
        "record_moved" => LinkEventKind.RecordMoved,
        "record_updated" => LinkEventKind.RecordUpdated,
        "record_removed" => LinkEventKind.RecordRemoved,
        "record_confirmed" => LinkEventKind.RecordConfirmed,
        _ => throw new InvalidDataException($"unknown link event kind '{text}' in the store"),
    };

    public static string Of(ReviewTaskStatus status) => status switch
    {
        ReviewTaskStatus.Open => "open",
        ReviewTaskStatus.Deferred => "deferred",
        _ => "resolved",
    };

    public static ReviewTaskStatus Status(string text) => text switch
    {
        "open" => ReviewTaskStatus.Open,
        "deferred" => ReviewTaskStatus.Deferred,
        _ => ReviewTaskStatus.Resolved,
    };

    public static string Of(StewardVerdict verdict) => verdict == StewardVerdict.SamePerson ? "same_person" : "different_persons";

    public static StewardVerdict Verdict(string text) => text switch
    {
        "same_person" => StewardVerdict.SamePerson,
        "different_persons" => StewardVerdict.DifferentPersons,
        _ => throw new InvalidDataException($"unknown steward verdict '{text}' in the store"),
    };

    /// <remarks>Read only: each statement that moves a job writes the one state it moves it to as a literal (the tables' CHECK names them all).</remarks>
    public static JobState State(string text) => text switch
    {
        "queued" => JobState.Queued,
        "running" => JobState.Running,
        "succeeded" => JobState.Succeeded,
        "failed" => JobState.Failed,
        _ => throw new InvalidDataException($"unknown job state '{text}' in the store"),
    };

    public static string Of(AccessAction action) => action switch
    {
        AccessAction.Query => "query",
        AccessAction.Read => "read",
        AccessAction.Create => "create",
        AccessAction.Update => "update",
        AccessAction.Delete => "delete",
        AccessAction.StewardLink => "steward_link",
        AccessAction.StewardUnlink => "steward_unlink",
        AccessAction.StewardMerge => "steward_merge",
        AccessAction.StewardUnmerge => "steward_unmerge",
        AccessAction.StewardResolve => "steward_resolve",
        AccessAction.SourceMerge => "source_merge",
        AccessAction.JobSubmit => "job_submit",
        AccessAction.JobChunk => "job_chunk",
        AccessAction.ModelRelearn => "model_relearn",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private static readonly Dictionary<string, AccessAction> Actions =
        Enum.GetValues<AccessAction>().ToDictionary(Of, a => a, StringComparer.Ordinal);

    public static AccessAction Action(string text) =>
        Actions.TryGetValue(text, out var action) ? action : throw new InvalidDataException($"unknown audit action '{text}' in the store");

    public static string Of(AccessOutcome outcome) => outcome switch
    {
        AccessOutcome.Success => "success",
        AccessOutcome.Refused => "refused",
        AccessOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static AccessOutcome Access(string text) => text switch
    {
        "success" => AccessOutcome.Success,
        "refused" => AccessOutcome.Refused,
        "failed" => AccessOutcome.Failed,
        _ => throw new InvalidDataException($"unknown audit outcome '{text}' in the store"),
    };

    public static string Of(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
