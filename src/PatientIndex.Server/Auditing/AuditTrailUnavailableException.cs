namespace PatientIndex.Server.Auditing;

/// <summary>
/// The audit trail could not take a request's events in time (the store has been failing and the queue
/// is full): the request is refused unanswered, since no access may go unrecorded. Each edge translates it.
/// </summary>
public sealed class AuditTrailUnavailableException(string message) : Exception(message)
{
    public const string Reason = "the audit trail cannot be written at the moment, so nothing was answered; retry later";
}
