using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async Task<ReviewTaskPage> ListReviewTasksAsync(ReviewTaskQuery query, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = StewardshipQueries.ReviewTaskFilter(query, "LIKE", t => StoreText.Of(t));
        var order = StewardshipQueries.ReviewTaskOrdering(query);
        await using var connection = Open();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM review_tasks WHERE {where}", parameters, cancellationToken: cancellationToken));
        parameters.Add("limit", query.Limit);
        parameters.Add("offset", query.Offset);
        var rows = (await connection.QueryAsync<ReviewTaskRow>(new CommandDefinition(
            $"SELECT {ReviewTaskRow.Columns} FROM review_tasks WHERE task_id IN ({StewardshipQueries.PageOfTaskIds(where, order)}) ORDER BY {order}",
            parameters, cancellationToken: cancellationToken))).ToList();
        var candidates = await CandidatesOf(connection, rows.Select(r => r.TaskId).ToList(), cancellationToken);
        return new ReviewTaskPage(rows.Select(r => r.ToDomain([.. candidates[r.TaskId]])).ToList(), total);
    }

    /// <remarks>
    /// Through the one writer, as a job's lease is: the claim and its read-back are one transaction, so the claim
    /// returned is the one that holds, whichever of two stewards (or two stores on this file) came first.
    /// </remarks>
    public Task<ReviewTaskClaim?> ClaimReviewTaskAsync(string taskId, string steward, DateTimeOffset now, DateTimeOffset until,
        CancellationToken cancellationToken = default) =>
        WriteAsync(writer =>
        {
            using var transaction = writer.BeginTransaction();
            writer.Execute(StewardshipQueries.Claim, new { taskId, steward, until = StoreText.Of(until), now = StoreText.Of(now) }, transaction);
            var row = writer.QuerySingleOrDefault<(string TaskId, string Steward, string Until)?>(StewardshipQueries.ClaimOfTask, new { taskId }, transaction);
            transaction.Commit();
            return row is { } r ? new ReviewTaskClaim(r.TaskId, r.Steward, StoreText.Time(r.Until)) : null;
        }, cancellationToken);

    public Task ReleaseReviewTaskAsync(string taskId, string steward, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => writer.Execute(StewardshipQueries.Release, new { taskId, steward }), cancellationToken);

    public async Task<IReadOnlyDictionary<string, ReviewTaskClaim>> ClaimsOfAsync(IReadOnlyCollection<string> taskIds, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        if (taskIds.Count == 0) return new Dictionary<string, ReviewTaskClaim>();
        await using var connection = Open();
        var rows = await connection.QueryAsync<(string TaskId, string Steward, string Until)>(new CommandDefinition(
            StewardshipQueries.ClaimsOfTasks("c.task_id IN @taskIds"), new { taskIds, now = StoreText.Of(now) }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.TaskId, r => new ReviewTaskClaim(r.TaskId, r.Steward, StoreText.Time(r.Until)));
    }

    public async IAsyncEnumerable<LinkEvent> ReadEventsAsync(long afterEventId = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {EventRow.Columns} FROM link_events WHERE event_id > @afterEventId ORDER BY event_id",
            new { afterEventId }, cancellationToken: cancellationToken));
        foreach (var row in rows) yield return row.ToDomain();
    }

    public async IAsyncEnumerable<string> ReadActivePersonIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT person_id FROM persons WHERE retired_at IS NULL", cancellationToken: cancellationToken));
        foreach (var id in ids) yield return id;
    }

    public async Task<IReadOnlyList<StewardDecision>> ReadDecisionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var rows = await connection.QueryAsync<DecisionRow>(new CommandDefinition(
            $"SELECT {DecisionRow.Columns} FROM steward_decisions ORDER BY at, decision_id", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<PersonMerge?> FindMergeAsync(string mergeId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        return (await StewardshipQueries.MergesWhereAsync(connection, MergeRow.Columns, "merge_id IN @mergeIds", "merge_id = @id", mergeId, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<PersonMerge>> MergesOfPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        return await StewardshipQueries.MergesWhereAsync(connection, MergeRow.Columns, "merge_id IN @mergeIds", "from_person_id = @id OR into_person_id = @id", personId, cancellationToken);
    }
}
