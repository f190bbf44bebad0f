using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string DecisionColumns = """
        decision_id AS DecisionId, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS At, actor AS Actor, verdict AS Verdict,
        left_source AS LeftSource, left_record_id AS LeftRecordId, right_source AS RightSource, right_record_id AS RightRecordId,
        reason AS Reason, task_id AS TaskId
        """;

    private const string MergeColumns = """
        merge_id AS MergeId, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS At, actor AS Actor, reason AS Reason,
        from_person_id AS FromPersonId, into_person_id AS IntoPersonId,
        to_char(undone_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS UndoneAt, undone_by AS UndoneBy
        """;

    public async Task<ReviewTaskPage> ListReviewTasksAsync(ReviewTaskQuery query, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = StewardshipQueries.ReviewTaskFilter(query, "ILIKE", t => t.ToUniversalTime());
        var order = StewardshipQueries.ReviewTaskOrdering(query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM review_tasks WHERE {where}", parameters, cancellationToken: cancellationToken));
        parameters.Add("limit", query.Limit);
        parameters.Add("offset", query.Offset);
        var rows = (await connection.QueryAsync<ReviewTaskRow>(new CommandDefinition(
            $"SELECT {TaskColumns} FROM review_tasks WHERE task_id IN ({StewardshipQueries.PageOfTaskIds(where, order)}) ORDER BY {order}",
            parameters, cancellationToken: cancellationToken))).ToList();
        var candidates = await CandidatesOf(connection, rows.Select(r => r.TaskId).ToArray(), cancellationToken);
        return new ReviewTaskPage(rows.Select(r => r.ToDomain([.. candidates[r.TaskId]])).ToList(), total);
    }

    /// <remarks>
    /// The claim and its read-back are one transaction: the upsert locks the claim's row even when it leaves it as it
    /// was, so the claim read back is the one that holds, whichever of two stewards or replicas came first.
    /// </remarks>
    public async Task<ReviewTaskClaim?> ClaimReviewTaskAsync(string taskId, string steward, DateTimeOffset now, DateTimeOffset until,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(StewardshipQueries.Claim,
            new { taskId, steward, until = until.ToUniversalTime(), now = now.ToUniversalTime() }, transaction, cancellationToken: cancellationToken));
        var row = await connection.QuerySingleOrDefaultAsync<(string TaskId, string Steward, DateTime Until)?>(new CommandDefinition(
            StewardshipQueries.ClaimOfTask, new { taskId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return row is { } r ? new ReviewTaskClaim(r.TaskId, r.Steward, Utc(r.Until)) : null;
    }

    public async Task ReleaseReviewTaskAsync(string taskId, string steward, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(StewardshipQueries.Release, new { taskId, steward }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyDictionary<string, ReviewTaskClaim>> ClaimsOfAsync(IReadOnlyCollection<string> taskIds, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        if (taskIds.Count == 0) return new Dictionary<string, ReviewTaskClaim>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string TaskId, string Steward, DateTime Until)>(new CommandDefinition(
            StewardshipQueries.ClaimsOfTasks("c.task_id = ANY(@taskIds)"), new { taskIds = taskIds.ToArray(), now = now.ToUniversalTime() },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.TaskId, r => new ReviewTaskClaim(r.TaskId, r.Steward, Utc(r.Until)));
    }

    public async IAsyncEnumerable<LinkEvent> ReadEventsAsync(long afterEventId = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<EventRow>(
            $"SELECT {EventColumns} FROM link_events WHERE event_id > @afterEventId ORDER BY event_id", new { afterEventId });
        await foreach (var row in rows.WithCancellation(cancellationToken)) yield return row.ToDomain();
    }

    public async IAsyncEnumerable<string> ReadActivePersonIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = connection.QueryUnbufferedAsync<string>("SELECT person_id FROM persons WHERE retired_at IS NULL");
        await foreach (var id in ids.WithCancellation(cancellationToken)) yield return id;
    }

    public async Task<IReadOnlyList<StewardDecision>> ReadDecisionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DecisionRow>(new CommandDefinition(
            $"SELECT {DecisionColumns} FROM steward_decisions ORDER BY at, decision_id", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<PersonMerge?> FindMergeAsync(string mergeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await StewardshipQueries.MergesWhereAsync(connection, MergeColumns, "merge_id = ANY(@mergeIds)", "merge_id = @id", mergeId, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<PersonMerge>> MergesOfPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await StewardshipQueries.MergesWhereAsync(connection, MergeColumns, "merge_id = ANY(@mergeIds)", "from_person_id = @id OR into_person_id = @id", personId, cancellationToken);
    }
}
