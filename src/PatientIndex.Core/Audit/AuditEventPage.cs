namespace PatientIndex.Core.Audit;

/// <summary>One page of the audit trail; <see cref="More"/> when events after its last match too.</summary>
public sealed record AuditEventPage(IReadOnlyList<AccessEvent> Events, bool More);
