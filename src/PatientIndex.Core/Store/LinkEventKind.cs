namespace PatientIndex.Core.Store;

public enum LinkEventKind
{
    /// <summary>A new source record joined a person (an existing one, or one created for it).</summary>
    RecordLinked,
    /// <summary>A record left one person for another.</summary>
    RecordMoved,
    /// <summary>A record's data changed; its person did not.</summary>
    RecordUpdated,
    /// <summary>The source withdrew the record.</summary>
    RecordRemoved,
    /// <summary>A steward decided about the record and its person did not change: its membership is now confirmed.</summary>
    RecordConfirmed,
}
