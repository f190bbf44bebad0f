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
        Add("probability >= @minProbability", "minProbability", query.MinProbability);
        Add("probability <= @maxProbability", "maxProbability", query.MaxProbability);
        Add("created_at < @createdBefore", "createdBefore", query.CreatedBefore is { } before ? time(before) : null);
        Add("created_at >= @createdAfter", "createdAfter", query.CreatedAfter is { } after ? time(after) : null);
        return (where.ToString(), parameters);
    }
}
