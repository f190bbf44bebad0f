namespace PatientIndex.Core.Store;

/// <summary>
/// The system of record: persons, source records with their raw fields, links, the append-only
/// link events and review tasks. Implemented once per database (SQLite embedded, PostgreSQL) and
/// held to one contract test suite. Every <see cref="ApplyAsync"/> is one transaction.
/// </summary>
public interface IPatientIndexStore
{
    /// <summary>Creates or upgrades the schema with the versioned migrations; safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Every source record with its link, for building the in-memory candidate index at start-up.</summary>
    IAsyncEnumerable<StoredRecord> ReadAllRecordsAsync(CancellationToken cancellationToken = default);

    Task<StoredRecord?> FindRecordAsync(RecordKey key, CancellationToken cancellationToken = default);

    /// <summary>The stored records of these keys that exist (in no particular order); one round trip, not one per key.</summary>
    Task<IReadOnlyList<StoredRecord>> FindRecordsAsync(IReadOnlyCollection<RecordKey> keys, CancellationToken cancellationToken = default);

    /// <summary>An active person with all its records, or null when unknown or retired.</summary>
    Task<Person?> FindPersonAsync(string personId, CancellationToken cancellationToken = default);

    /// <summary>Link events of a record, oldest first.</summary>
    Task<IReadOnlyList<LinkEvent>> EventsOfRecordAsync(RecordKey key, CancellationToken cancellationToken = default);

    /// <summary>Link events that moved a record into or out of a person, oldest first.</summary>
    Task<IReadOnlyList<LinkEvent>> EventsOfPersonAsync(string personId, CancellationToken cancellationToken = default);

    Task<ReviewTask?> FindReviewTaskAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Open review tasks, oldest first.</summary>
    Task<IReadOnlyList<ReviewTask>> OpenReviewTasksAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Review tasks of one status, filtered, ordered and paged as the query says.</summary>
    Task<ReviewTaskPage> ListReviewTasksAsync(ReviewTaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the task for the steward until <paramref name="until"/> unless another steward holds a claim that has not
    /// expired at <paramref name="now"/>; renews the steward's own claim. Returns the claim that holds after the call (the
    /// steward's, or the other steward's), or null when there is no such task or it is resolved.
    /// </summary>
    Task<ReviewTaskClaim?> ClaimReviewTaskAsync(string taskId, string steward, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Gives up the steward's claim on the task (another steward's claim is left alone).</summary>
    Task ReleaseReviewTaskAsync(string taskId, string steward, CancellationToken cancellationToken = default);

    /// <summary>The claims on these tasks that have not expired at <paramref name="now"/>, by task id.</summary>
    Task<IReadOnlyDictionary<string, ReviewTaskClaim>> ClaimsOfAsync(IReadOnlyCollection<string> taskIds, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Every link event after the given id, oldest first: the log that membership is replayed from.</summary>
    IAsyncEnumerable<LinkEvent> ReadEventsAsync(long afterEventId = 0, CancellationToken cancellationToken = default);

    /// <summary>The ids of persons that are not retired.</summary>
    IAsyncEnumerable<string> ReadActivePersonIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every steward decision, in the order they were made.</summary>
    Task<IReadOnlyList<StewardDecision>> ReadDecisionsAsync(CancellationToken cancellationToken = default);

    Task<PersonMerge?> FindMergeAsync(string mergeId, CancellationToken cancellationToken = default);

    /// <summary>Merges a person was the source or the survivor of, oldest first.</summary>
    Task<IReadOnlyList<PersonMerge>> MergesOfPersonAsync(string personId, CancellationToken cancellationToken = default);

    /// <summary>Writes the changes in order, all in one transaction: all of them land or none does.</summary>
    Task ApplyAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken = default);

    Task<StoreCounts> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Keeps a model version; saving one already kept changes nothing.</summary>
    Task SaveModelVersionAsync(ModelVersion version, CancellationToken cancellationToken = default);

    /// <summary>The model version saved last, or null when the store has none (it decides with the shipped parameters).</summary>
    Task<ModelVersion?> LatestModelVersionAsync(CancellationToken cancellationToken = default);
}
