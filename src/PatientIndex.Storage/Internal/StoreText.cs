using System.Globalization;
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
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static LinkEventKind EventKind(string text) => text switch
    {
        "record_linked" => LinkEventKind.RecordLinked,
        "record_moved" => LinkEventKind.RecordMoved,
        "record_updated" => LinkEventKind.RecordUpdated,
        "record_removed" => LinkEventKind.RecordRemoved,
        _ => throw new InvalidDataException($"unknown link event kind '{text}' in the store"),
    };

    public static string Of(ReviewTaskStatus status) => status == ReviewTaskStatus.Open ? "open" : "resolved";

    public static ReviewTaskStatus Status(string text) => text == "open" ? ReviewTaskStatus.Open : ReviewTaskStatus.Resolved;

    public static string Of(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
