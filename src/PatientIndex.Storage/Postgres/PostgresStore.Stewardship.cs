using System.Runtime.CompilerServices;
using System.Text;
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
        var (where, parameters) = ReviewTaskFilter(query);
        var order = query.Order == ReviewTaskOrder.MostLikelyFirst ? "probability DESC, created_at, task_id" : "created_at, task_id";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM review_tasks WHERE {where}", parameters, cancellationToken: cancellationToken));
        parameters.Add("limit", query.Limit);
        parameters.Add("offset", query.Offset);
        var rows = (await connection.QueryAsync<ReviewTaskRow>(new CommandDefinition(
            $"SELECT {TaskColumns} FROM review_tasks WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset",
            parameters, cancellationToken: cancellationToken))).ToList();
        var candidates = await CandidatesOf(connection, rows.Select(r => r.TaskId).ToArray(), cancellationToken);
        return new ReviewTaskPage(rows.Select(r => r.ToDomain([.. candidates[r.TaskId]])).ToList(), total);
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
        return (await MergesWhere(connection, "merge_id = @id", mergeId, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<PersonMerge>> MergesOfPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await MergesWhere(connection, "from_person_id = @id OR into_person_id = @id", personId, cancellationToken);
    }

    private static async Task<List<PersonMerge>> MergesWhere(NpgsqlConnection connection, string where, string id, CancellationToken cancellationToken)
    {
        var merges = (await connection.QueryAsync<MergeRow>(new CommandDefinition(
            $"SELECT {MergeColumns} FROM person_merges WHERE {where} ORDER BY at, merge_id", new { id }, cancellationToken: cancellationToken))).ToList();
        var mergeIds = merges.Select(m => m.MergeId).ToArray();
        var records = (await connection.QueryAsync<MergeRecordRow>(new CommandDefinition(
            "SELECT merge_id AS MergeId, source AS Source, record_id AS RecordId FROM person_merge_records WHERE merge_id = ANY(@mergeIds) ORDER BY source, record_id",
            new { mergeIds }, cancellationToken: cancellationToken))).ToLookup(r => r.MergeId, r => new RecordKey(r.Source, r.RecordId));
        return merges.Select(m => m.ToDomain([.. records[m.MergeId]])).ToList();
    }

    /// <summary>The same filter as SQLite's; ILIKE because SQLite's LIKE ignores case.</summary>
    private static (string Where, DynamicParameters Parameters) ReviewTaskFilter(ReviewTaskQuery query)
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
        Add("reason ILIKE '%' || @reason || '%'", "reason", query.Reason);
        Add("probability >= @minProbability", "minProbability", query.MinProbability);
        Add("probability <= @maxProbability", "maxProbability", query.MaxProbability);
        Add("created_at < @createdBefore", "createdBefore", query.CreatedBefore?.ToUniversalTime());
        Add("created_at >= @createdAfter", "createdAfter", query.CreatedAfter?.ToUniversalTime());
        return (where.ToString(), parameters);
    }
}
