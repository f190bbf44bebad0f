namespace PatientIndex.Core.Store;

/// <summary>
/// Everything one membership decision changes, written by the store in a single transaction (with
/// any other changes applied alongside it): persons created or retired, records saved with their
/// link or removed, the link events that explain the change, review tasks opened, and the audit
/// events of the accesses that made it.
/// </summary>
public sealed class MembershipChange
{
    public List<NewPerson> NewPersons { get; } = [];
    /// <summary>Inserted, or replaced (data and link) when the key exists.</summary>
    public List<StoredRecord> SavedRecords { get; } = [];
    public List<RecordKey> RemovedRecords { get; } = [];
    /// <summary>Records whose data is unchanged but whose link is replaced: they moved with their person (an automatic merge).</summary>
    public List<RelinkedRecord> RelinkedRecords { get; } = [];
    /// <summary>Persons left with no records; kept for history, no longer served.</summary>
    public List<string> RetiredPersons { get; } = [];
    public List<LinkEvent> Events { get; } = [];
    public List<ReviewTask> OpenedReviewTasks { get; } = [];
    /// <summary>Retired persons served again (an undone merge), written before the records saved into them.</summary>
    public List<string> RevivedPersons { get; } = [];
    public List<StewardDecision> Decisions { get; } = [];
    public List<PersonMerge> Merges { get; } = [];
    public List<MergeUndo> UndoneMerges { get; } = [];
    public List<ReviewTaskResolution> ResolvedReviewTasks { get; } = [];
    /// <summary>Extract-job progress committed with the chunk these changes decide (see <see cref="Jobs.JobCheckpoint"/>).</summary>
    public List<Jobs.JobCheckpoint> JobCheckpoints { get; } = [];
    /// <summary>The accesses that made these changes, committed with them so a change is never without its audit (see <see cref="Audit.IAuditTrail"/>).</summary>
    public List<Audit.AccessEvent> AuditEvents { get; } = [];

    public bool IsEmpty => NewPersons.Count == 0 && SavedRecords.Count == 0 && RemovedRecords.Count == 0 && RelinkedRecords.Count == 0
        && RetiredPersons.Count == 0 && Events.Count == 0 && OpenedReviewTasks.Count == 0 && RevivedPersons.Count == 0
        && Decisions.Count == 0 && Merges.Count == 0 && UndoneMerges.Count == 0 && ResolvedReviewTasks.Count == 0 && JobCheckpoints.Count == 0
        && AuditEvents.Count == 0;
}

public sealed record NewPerson(string PersonId, DateTimeOffset CreatedAt);

/// <param name="FromPersonId">The person the decision saw the record in: the store writes the new link only
/// if the record is still there, so a replica deciding on a stale view fails instead of overwriting.</param>
public sealed record RelinkedRecord(RecordKey Key, Link Link, string FromPersonId);
