using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async IAsyncEnumerable<StoredRecord> ReadAllRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RecordRow.Columns} FROM source_records r JOIN links l ON l.source = r.source AND l.record_id = r.record_id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // A hand-read loop rather than Dapper: this runs over every record at start-up.
        while (await reader.ReadAsync(cancellationToken)) yield return ReadRecord(reader);
    }

    public async Task<StoredRecord?> FindRecordAsync(RecordKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var row = await connection.QuerySingleOrDefaultAsync<RecordRow>(new CommandDefinition(
            $"SELECT {RecordRow.Columns} FROM source_records r JOIN links l ON l.source = r.source AND l.record_id = r.record_id WHERE r.source = @Source AND r.record_id = @RecordId",
            new { key.Source, key.RecordId }, cancellationToken: cancellationToken));
        return row?.ToDomain();
    }

    /// <remarks>
    /// The keys go in as one JSON array, read by <c>json_each</c>: one statement however many keys, where a parameter
    /// per key would meet SQLite's limit on parameters. Each key is looked up by the primary key.
    /// </remarks>
    public async Task<IReadOnlyList<StoredRecord>> FindRecordsAsync(IReadOnlyCollection<RecordKey> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0) return [];
        var json = JsonSerializer.Serialize(keys.Distinct().Select(k => new[] { k.Source, k.RecordId }));
        await using var connection = Open();
        var rows = await connection.QueryAsync<RecordRow>(new CommandDefinition($"""
            SELECT {RecordRow.Columns}
            FROM json_each(@json) k
            CROSS JOIN source_records r ON r.source = k.value ->> 0 AND r.record_id = k.value ->> 1
            JOIN links l ON l.source = r.source AND l.record_id = r.record_id
            """, new { json }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<Person?> FindPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var person = await connection.QuerySingleOrDefaultAsync<PersonRow>(new CommandDefinition(
            "SELECT person_id AS PersonId, created_at AS CreatedAt FROM persons WHERE person_id = @personId AND retired_at IS NULL",
            new { personId }, cancellationToken: cancellationToken));
        if (person is null) return null;
        var records = await connection.QueryAsync<RecordRow>(new CommandDefinition(
            $"SELECT {RecordRow.Columns} FROM links l JOIN source_records r ON r.source = l.source AND r.record_id = l.record_id WHERE l.person_id = @personId ORDER BY r.source, r.record_id",
            new { personId }, cancellationToken: cancellationToken));
        return new Person(person.PersonId, StoreText.Time(person.CreatedAt), records.Select(r => r.ToDomain()).ToList());
    }

    public async Task<IReadOnlyList<LinkEvent>> EventsOfRecordAsync(RecordKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {EventRow.Columns} FROM link_events WHERE source = @Source AND record_id = @RecordId ORDER BY event_id",
            new { key.Source, key.RecordId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<IReadOnlyList<LinkEvent>> EventsOfPersonAsync(string personId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {EventRow.Columns} FROM link_events WHERE from_person_id = @personId OR to_person_id = @personId ORDER BY event_id",
            new { personId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<ReviewTask?> FindReviewTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var row = await connection.QuerySingleOrDefaultAsync<ReviewTaskRow>(new CommandDefinition(
            $"SELECT {ReviewTaskRow.Columns} FROM review_tasks WHERE task_id = @taskId", new { taskId }, cancellationToken: cancellationToken));
        if (row is null) return null;
        var candidates = await CandidatesOf(connection, [taskId], cancellationToken);
        return row.ToDomain([.. candidates[taskId]]);
    }

    public async Task<IReadOnlyList<ReviewTask>> OpenReviewTasksAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var rows = (await connection.QueryAsync<ReviewTaskRow>(new CommandDefinition(
            $"SELECT {ReviewTaskRow.Columns} FROM review_tasks WHERE status = 'open' ORDER BY created_at, task_id LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken))).ToList();
        var candidates = await CandidatesOf(connection, rows.Select(r => r.TaskId).ToList(), cancellationToken);
        return rows.Select(r => r.ToDomain([.. candidates[r.TaskId]])).ToList();
    }

    private static async Task<ILookup<string, ReviewCandidate>> CandidatesOf(SqliteConnection connection, IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ReviewCandidateRow>(new CommandDefinition(
            "SELECT task_id AS TaskId, source AS Source, record_id AS RecordId, person_id AS PersonId, probability AS Probability FROM review_task_candidates WHERE task_id IN @taskIds ORDER BY probability DESC, source, record_id",
            new { taskIds }, cancellationToken: cancellationToken));
        return rows.ToLookup(r => r.TaskId, r => r.ToDomain());
    }

    private static StoredRecord ReadRecord(SqliteDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var record = SourceRecordReader.Read(reader);
        var at = SourceRecordReader.ColumnCount;
        var link = new Link(reader.GetString(at), StoreText.Outcome(reader.GetString(at + 1)), reader.GetDouble(at + 2), reader.GetString(at + 3),
            reader.GetInt64(at + 4) != 0, Text(at + 5), StoreText.Time(reader.GetString(at + 6)));
        return new StoredRecord(record, link);
    }
}
