using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>Record and link columns in the order <see cref="ReadRecord"/> reads them.</summary>
    private static readonly string RecordColumns = $"""
        {SourceRecordReader.Columns("r")},
        l.person_id, l.outcome, l.probability, l.model, l.confirmed, l.review_task_id, l.linked_at
        """;
    private static readonly int RecordColumnCount = SourceRecordReader.ColumnCount + 7;

    public async IAsyncEnumerable<StoredRecord> ReadAllRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {RecordColumns} FROM source_records r JOIN links l ON l.source = r.source AND l.record_id = r.record_id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return ReadRecord(reader);
    }

    public async Task<StoredRecord?> FindRecordAsync(RecordKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = await ReadRecordsAsync(connection,
            $"SELECT {RecordColumns} FROM source_records r JOIN links l ON l.source = r.source AND l.record_id = r.record_id WHERE r.source = $1 AND r.record_id = $2",
            cancellationToken, key.Source, key.RecordId);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<StoredRecord>> FindRecordsAsync(IReadOnlyCollection<RecordKey> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0) return [];
        var distinct = keys.Distinct().ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadRecordsAsync(connection, $"""
            SELECT {RecordColumns}
            FROM unnest($1::text[], $2::text[]) AS k (source, record_id)
            JOIN source_records r ON r.source = k.source AND r.record_id = k.record_id
            JOIN links l ON l.source = r.source AND l.record_id = r.record_id
            """, cancellationToken, distinct.Select(k => k.Source).ToArray(), distinct.Select(k => k.RecordId).ToArray());
    }

    public async Task<Person?> FindPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var createdAt = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            "SELECT created_at FROM persons WHERE person_id = @personId AND retired_at IS NULL", new { personId }, cancellationToken: cancellationToken));
        if (createdAt is null) return null;
        var records = await ReadRecordsAsync(connection,
            $"SELECT {RecordColumns} FROM links l JOIN source_records r ON r.source = l.source AND r.record_id = l.record_id WHERE l.person_id = $1 ORDER BY r.source, r.record_id",
            cancellationToken, personId);
        return new Person(personId, Utc(createdAt.Value), records);
    }

    public async Task<IReadOnlyList<LinkEvent>> EventsOfRecordAsync(RecordKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {EventColumns} FROM link_events WHERE source = @Source AND record_id = @RecordId ORDER BY event_id",
            new { key.Source, key.RecordId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<IReadOnlyList<LinkEvent>> EventsOfPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {EventColumns} FROM link_events WHERE from_person_id = @personId OR to_person_id = @personId ORDER BY event_id",
            new { personId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<ReviewTask?> FindReviewTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ReviewTaskRow>(new CommandDefinition(
            $"SELECT {TaskColumns} FROM review_tasks WHERE task_id = @taskId", new { taskId }, cancellationToken: cancellationToken));
        if (row is null) return null;
        var candidates = await CandidatesOf(connection, [taskId], cancellationToken);
        return row.ToDomain([.. candidates[taskId]]);
    }

    public async Task<IReadOnlyList<ReviewTask>> OpenReviewTasksAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ReviewTaskRow>(new CommandDefinition(
            $"SELECT {TaskColumns} FROM review_tasks WHERE status = 'open' ORDER BY created_at, task_id LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken))).ToList();
        var candidates = await CandidatesOf(connection, rows.Select(r => r.TaskId).ToArray(), cancellationToken);
        return rows.Select(r => r.ToDomain([.. candidates[r.TaskId]])).ToList();
    }

    // The shared row shapes hold times as ISO text (SQLite's form); PostgreSQL renders its timestamptz so.
    private const string EventColumns = """
        event_id AS EventId, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS At, kind AS Kind, source AS Source,
        record_id AS RecordId, from_person_id AS FromPersonId, to_person_id AS ToPersonId, reason AS Reason, model AS Model,
        probability AS Probability, actor AS Actor
        """;

    private const string TaskColumns = """
        task_id AS TaskId, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS CreatedAt, source AS Source,
        record_id AS RecordId, person_id AS PersonId, reason AS Reason, probability AS Probability, status AS Status,
        resolution AS Resolution, resolved_by AS ResolvedBy, to_char(resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ResolvedAt,
        resolution_reason AS ResolutionReason
        """;

    private static async Task<ILookup<string, ReviewCandidate>> CandidatesOf(NpgsqlConnection connection, string[] taskIds, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ReviewCandidateRow>(new CommandDefinition(
            "SELECT task_id AS TaskId, source AS Source, record_id AS RecordId, person_id AS PersonId, probability AS Probability FROM review_task_candidates WHERE task_id = ANY(@taskIds) ORDER BY probability DESC, source, record_id",
            new { taskIds }, cancellationToken: cancellationToken));
        return rows.ToLookup(r => r.TaskId, r => r.ToDomain());
    }

    private static async Task<List<StoredRecord>> ReadRecordsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<StoredRecord>();
        while (await reader.ReadAsync(cancellationToken)) records.Add(ReadRecord(reader));
        return records;
    }

    /// <summary>A hand-read row rather than Dapper: this runs over every record at start-up.</summary>
    private static StoredRecord ReadRecord(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var record = SourceRecordReader.Read(reader);
        var at = SourceRecordReader.ColumnCount;
        var link = new Link(reader.GetString(at), StoreText.Outcome(reader.GetString(at + 1)), reader.GetDouble(at + 2), reader.GetString(at + 3),
            reader.GetBoolean(at + 4), Text(at + 5), Utc(reader.GetDateTime(at + 6)));
        return new StoredRecord(record, link);
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
