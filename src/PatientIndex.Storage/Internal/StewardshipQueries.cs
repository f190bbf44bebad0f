using System.Data.Common;
using System.Text;
using Dapper;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Internal;

/// <summary>The stewardship reads both stores make alike; only their SQL dialect differs, and is passed in.</summary>
internal static class StewardshipQueries
{
    /// <param name="mergeColumns">The <see cref="MergeRow"/> columns, with times as the store writes them.</param>
    /// <param name="mergeIdsIn">The store's test of <c>merge_id</c> against the list <c>@mergeIds</c>.</param>
    public static async Task<List<PersonMerge>> MergesWhereAsync(DbConnection connection, string mergeColumns, string mergeIdsIn,
        string where, string id, CancellationToken cancellationToken)
    {
        var merges = (await connection.QueryAsync<MergeRow>(new CommandDefinition(
            $"SELECT {mergeColumns} FROM person_merges WHERE {where} ORDER BY at, merge_id", new { id }, cancellationToken: cancellationToken))).ToList();
        var mergeIds = merges.Select(m => m.MergeId).ToArray();
        var records = (await connection.QueryAsync<MergeRecordRow>(new CommandDefinition(
            $"SELECT merge_id AS MergeId, source AS Source, record_id AS RecordId FROM person_merge_records WHERE {mergeIdsIn} ORDER BY source, record_id",
            new { mergeIds }, cancellationToken: cancellationToken))).ToLookup(r => r.MergeId, r => new RecordKey(r.Source, r.RecordId));
        return merges.Select(m => m.ToDomain([.. records[m.MergeId]])).ToList();
    }

    /// <summary>The queue's order, as its indexes hold it (status first, then this).</summary>
    public static string ReviewTaskOrdering(ReviewTaskQuery query) =>
        query.Order == Core.Store.ReviewTaskOrder.MostLikelyFirst ? "probability DESC, created_at, task_id" : "created_at, task_id";

    /// <summary>
    /// The ids of one page of tasks, skipping <c>@offset</c> in the queue's order: read from an index alone when
    /// no filter needs the rows, so a deep page costs the index entries it skips, not the rows.
    /// </summary>
    public static string PageOfTaskIds(string where, string order) =>
        $"SELECT task_id FROM review_tasks WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset";

    /// <summary>
    /// Takes the claim unless another steward's has not expired; one statement, so two stewards (or replicas) claiming
    /// at once leave one holder. A resolved or unknown task is not claimed.
    /// </summary>
    public const string Claim = """
        INSERT INTO review_task_claims (task_id, steward, held_until)
        SELECT task_id, @steward, @until FROM review_tasks WHERE task_id = @taskId AND status <> 'resolved'
        ON CONFLICT (task_id) DO UPDATE SET steward = excluded.steward, held_until = excluded.held_until
        WHERE review_task_claims.steward = excluded.steward OR review_task_claims.held_until <= @now
        """;

    /// <summary>The claim on a task that is not resolved: read back after <see cref="Claim"/>, in its transaction.</summary>
    public const string ClaimOfTask = """
        SELECT c.task_id, c.steward, c.held_until FROM review_task_claims c JOIN review_tasks t ON t.task_id = c.task_id
        WHERE c.task_id = @taskId AND t.status <> 'resolved'
        """;

    /// <summary>
    /// The unexpired claims on tasks that are not resolved, the store's test of <c>c.task_id</c> against the list
    /// <c>@taskIds</c> put in: a claim left on a task once it is resolved holds nothing.
    /// </summary>
    public static string ClaimsOfTasks(string taskIdsIn) => $"""
        SELECT c.task_id, c.steward, c.held_until FROM review_task_claims c JOIN review_tasks t ON t.task_id = c.task_id
        WHERE {taskIdsIn} AND c.held_until > @now AND t.status <> 'resolved'
        """;

    public const string Release = "DELETE FROM review_task_claims WHERE task_id = @taskId AND steward = @steward";

    /// <param name="caseInsensitiveLike">The store's LIKE that ignores case (SQLite's LIKE does; PostgreSQL needs ILIKE).</param>
    /// <param name="time">A time as the store compares it.</param>
    public static (string Where, DynamicParameters Parameters) ReviewTaskFilter(ReviewTaskQuery query, string caseInsensitiveLike, Func<DateTimeOffset, object> time)
    {
        var where = new StringBuilder("status = @status");
        var parameters = new DynamicParameters();
        parameters.Add("status", StoreText.Of(query.Status));
        void Add(string clause, string name, object? value)
        {
            if (value is null) return;
            where.Append(" AND ").Append(clause);
            parameters.Add(name, value);
        }
        Add("source = @source", "source", query.Source);
        Add($"reason {caseInsensitiveLike} '%' || @reason || '%'", "reason", query.Reason);
        Add("reason_kind = @reasonKind", "reasonKind", query.ReasonKind);
        Add("probability >= @minProbability", "minProbability", query.MinProbability);
        Add("probability <= @maxProbability", "maxProbability", query.MaxProbability);
        Add("created_at < @createdBefore", "createdBefore", query.CreatedBefore is { } before ? time(before) : null);
        Add("created_at >= @createdAfter", "createdAfter", query.CreatedAfter is { } after ? time(after) : null);
        if (query.AvailableTo is { } steward)
        {
            Add("NOT EXISTS (SELECT 1 FROM review_task_claims c WHERE c.task_id = review_tasks.task_id AND c.steward <> @availableTo AND c.held_until > @claimsAt)",
                "availableTo", steward);
            parameters.Add("claimsAt", time(query.Now ?? DateTimeOffset.UtcNow));
        }
        return (where.ToString(), parameters);
    }
}
