using PatientIndex.Core.Store;

namespace PatientIndex.Server.Auditing;

/// <summary>The records and persons a membership change touches, as its audit event names them.</summary>
internal static class ChangeSubjects
{
    /// <summary>Every record written, moved or withdrawn: each has a link event, and a record saved may have none of its own (an unchanged link).</summary>
    public static IEnumerable<RecordKey> RecordsOf(IEnumerable<MembershipChange> changes) => changes.SelectMany(c =>
        c.SavedRecords.Select(r => r.Key).Concat(c.RelinkedRecords.Select(r => r.Key)).Concat(c.RemovedRecords).Concat(c.Events.Select(e => e.Record)));

    public static IEnumerable<string> PersonsOf(IEnumerable<MembershipChange> changes) => changes.SelectMany(c =>
        c.NewPersons.Select(p => p.PersonId).Concat(c.RevivedPersons).Concat(c.RetiredPersons)
            .Concat(c.Events.SelectMany(e => new[] { e.FromPersonId, e.ToPersonId }).OfType<string>())
            .Concat(c.SavedRecords.Select(r => r.Link.PersonId))
            .Concat(c.Merges.SelectMany(m => new[] { m.FromPersonId, m.IntoPersonId })));
}
