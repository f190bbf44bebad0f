extern alias server;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;
using AuditTrailWriter = server::PatientIndex.Server.Auditing.AuditTrailWriter;

namespace PatientIndex.Server.Tests.Auditing;

/// <summary>
/// Reads what the audit trail gained since it last looked, straight from the store (reading it so
/// is not itself audited), once the background writer has written every event queued before.
/// </summary>
internal sealed class AuditProbe(ServiceHost service)
{
    private long _seen;

    public async Task<List<AccessEvent>> SinceAsync()
    {
        await service.Service<AuditTrailWriter>().DrainAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var trail = (IAuditTrail)service.Store;
        var events = new List<AccessEvent>();
        AuditEventPage page;
        do
        {
            page = await trail.ReadAuditEventsAsync(new AuditQuery { AfterEventId = _seen, Limit = 500 });
            events.AddRange(page.Events);
            if (page.Events.Count > 0) _seen = page.Events[^1].EventId;
        }
        while (page.More);
        return events;
    }

    /// <summary>
    /// An event as one line to compare: action, outcome (with the status code of a refusal), operation,
    /// actor, and the records and persons, sorted (the order the writer found them in is not the point).
    /// </summary>
    public static string Shown(AccessEvent e)
    {
        var outcome = e.Outcome switch
        {
            AccessOutcome.Success => "success",
            AccessOutcome.Refused => $"refused({StatusOf(e.OutcomeDetail)})",
            _ => $"failed({StatusOf(e.OutcomeDetail)})",
        };
        return $"{e.Action} {outcome} {e.Operation} by {e.Actor} changed [{Keys(e.Changed)}] returned [{Keys(e.Returned)}] persons [{string.Join(' ', e.Persons.Order(StringComparer.Ordinal))}]";
    }

    public static string Keys(IEnumerable<RecordKey> keys) => string.Join(' ', keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));

    public static string Persons(params IEnumerable<string?>[] persons) =>
        string.Join(' ', persons.SelectMany(p => p).OfType<string>().Distinct().Order(StringComparer.Ordinal));

    private static string StatusOf(string? detail) => detail is null ? "" : detail.Split(':')[0];
}
