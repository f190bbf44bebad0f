namespace PatientIndex.Core.Audit;

/// <summary>
/// The append-only audit trail of access to patient data. An access that changes what is held is
/// written with its change (in <see cref="Store.MembershipChange.AuditEvents"/>, one transaction);
/// reads are appended here in batches. There is no way to change or remove an event.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends the events, all in one transaction; their ids are given in order.</summary>
    Task AppendAsync(IReadOnlyList<AccessEvent> events, CancellationToken cancellationToken = default);

    Task<AuditEventPage> ReadAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
