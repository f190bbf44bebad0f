using PatientIndex.Core.Store;

namespace PatientIndex.Core.Audit;

/// <summary>
/// A page of the audit trail, oldest first. Filters left null do not filter; <see cref="Record"/> matches
/// an event that changed or returned the record. <see cref="From"/> is inclusive, <see cref="To"/> exclusive.
/// Paged by <see cref="AfterEventId"/>: the last event id of the page before.
/// </summary>
public sealed record AuditQuery
{
    public RecordKey? Record { get; init; }
    public string? Person { get; init; }
    public string? Actor { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public long AfterEventId { get; init; }
    public int Limit { get; init; } = 100;
}
