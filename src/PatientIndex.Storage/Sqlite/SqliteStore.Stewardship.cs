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
        var order = query.Order == ReviewTaskOrder.MostLikelyFirst ? "probability DESC, created_at, task_id" : "created_at, task_id";
        await using var connection = Open();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM review_tasks WHERE {where}", parameters, cancellationToken: cancellationToken));
        parameters.Add("limit", query.Limit);
        parameters.Add("offset", query.Offset);
        var rows = (await connection.QueryAsync<ReviewTaskRow>(new CommandDefinition(
            $"SELECT {ReviewTaskRow.Columns} FROM review_tasks WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset",
            parameters, cancellationToken: cancellationToken))).ToList();
        var candidates = await CandidatesOf(connection, rows.Select(r => r.TaskId).ToList(), cancellationToken);
        return new ReviewTaskPage(rows.Select(r => r.ToDomain([.. candidates[r.TaskId]])).ToList(), total);
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
