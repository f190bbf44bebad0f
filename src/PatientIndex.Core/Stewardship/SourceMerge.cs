using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

/// <summary>
/// A source system's own merge of two of its records (IHE PIXm ITI-104: the duplicate marked inactive
/// and replaced by the survivor), as the link event log keeps it: the duplicate's move into the
/// survivor's person (or its confirmation there), under the model <see cref="Model"/>, by the source as
/// actor, for the reason <see cref="ReasonFor"/> gives.
/// </summary>
/// <remarks>
/// The store has no column for the survivor, and the event is the durable record of the merge, so the
/// survivor is read back from the reason; this class alone writes and reads it, and only in events of
/// <see cref="Model"/>.
/// </remarks>
public static class SourceMerge
{
    public const string Model = "source-merge";
    private const string Replaced = "source system merge: replaced by ";

    public static string ActorOf(string source) => "source:" + source;

    public static string ReasonFor(RecordKey survivor) => Replaced + survivor;

    /// <summary>The survivor a source-merge event names, or null for any other event.</summary>
    public static RecordKey? SurvivorOf(LinkEvent e)
    {
        var prefix = Replaced + e.Record.Source + "/";
        if (e.Model != Model || !e.Reason.StartsWith(prefix, StringComparison.Ordinal) || e.Reason.Length == prefix.Length) return null;
        return new RecordKey(e.Record.Source, e.Reason[prefix.Length..]);
    }

    /// <summary>
    /// The survivor of the last merge its source made of the record, from the record's events (oldest
    /// first); null when there is none since the record was last linked anew or withdrawn.
    /// </summary>
    public static RecordKey? LastSurvivor(IEnumerable<LinkEvent> eventsOfRecord)
    {
        RecordKey? survivor = null;
        foreach (var e in eventsOfRecord)
        {
            if (e.Kind is LinkEventKind.RecordLinked or LinkEventKind.RecordRemoved) survivor = null;
            else if (SurvivorOf(e) is { } named) survivor = named;
        }
        return survivor;
    }
}
