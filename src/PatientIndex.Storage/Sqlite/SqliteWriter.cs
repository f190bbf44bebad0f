using PatientIndex.Core.Linkage;
using Microsoft.Data.Sqlite;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Jobs;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Sqlite;

/// <summary>
/// The write statements, prepared once on the writer connection and re-bound per row. Plain
/// ADO.NET rather than Dapper here: a bulk import writes millions of rows through these.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private static readonly CanonicalField[] Fields = [.. CanonicalFields.All];

    private readonly Statement _insertPerson;
    private readonly Statement _retirePerson;
    private readonly Statement _upsertRecord;
    private readonly Statement _upsertLink;
    private readonly Statement _deleteLink;
    private readonly Statement _moveLink;
    private readonly Statement _deleteRecord;
    private readonly Statement _insertEvent;
    private readonly Statement _insertTask;
    private readonly Statement _insertCandidate;
    private readonly Statement _revivePerson;
    private readonly Statement _resolveTask;
    private readonly Statement _insertDecision;
    private readonly Statement _insertMerge;
    private readonly Statement _insertMergeRecord;
    private readonly Statement _undoMerge;
    private readonly Statement _checkpointJob;
    private readonly Statement _insertAuditEvent;
    private readonly Statement _indexAuditRecord;
    private readonly Statement _indexAuditPerson;

    public SqliteWriter(SqliteConnection connection)
    {
        var columns = string.Join(", ", Fields.Select(CanonicalFields.HeaderOf));
        var values = string.Join(", ", Fields.Select(f => "$" + CanonicalFields.HeaderOf(f)));
        var updates = string.Join(", ", Fields.Skip(2).Select(f => $"{CanonicalFields.HeaderOf(f)} = excluded.{CanonicalFields.HeaderOf(f)}"));
        _insertPerson = new(connection, "INSERT INTO persons (person_id, created_at) VALUES ($person_id, $at)");
        _retirePerson = new(connection, "UPDATE persons SET retired_at = $at WHERE person_id = $person_id");
        _upsertRecord = new(connection, $"""
            INSERT INTO source_records ({columns}, updated_at) VALUES ({values}, $at)
            ON CONFLICT (source, record_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at
            """);
        _upsertLink = new(connection, """
            INSERT INTO links (source, record_id, person_id, outcome, probability, model, confirmed, review_task_id, linked_at)
            VALUES ($source, $record_id, $person_id, $outcome, $probability, $model, $confirmed, $review_task_id, $linked_at)
            ON CONFLICT (source, record_id) DO UPDATE SET person_id = excluded.person_id, outcome = excluded.outcome,
                probability = excluded.probability, model = excluded.model, confirmed = excluded.confirmed,
                review_task_id = excluded.review_task_id, linked_at = excluded.linked_at
            """);
        _deleteLink = new(connection, "DELETE FROM links WHERE source = $source AND record_id = $record_id");
        _moveLink = new(connection, """
            UPDATE links SET person_id = $person_id, outcome = $outcome, probability = $probability, model = $model, confirmed = $confirmed,
                review_task_id = $review_task_id, linked_at = $linked_at
            WHERE source = $source AND record_id = $record_id AND person_id = $from_person_id
            """);
        _deleteRecord = new(connection, "DELETE FROM source_records WHERE source = $source AND record_id = $record_id");
        _insertEvent = new(connection, """
            INSERT INTO link_events (at, kind, source, record_id, from_person_id, to_person_id, reason, model, probability, actor)
            VALUES ($at, $kind, $source, $record_id, $from_person_id, $to_person_id, $reason, $model, $probability, $actor)
            """);
        _insertTask = new(connection, """
            INSERT INTO review_tasks (task_id, created_at, source, record_id, person_id, reason, reason_kind, probability, status)
            VALUES ($task_id, $created_at, $source, $record_id, $person_id, $reason, $reason_kind, $probability, $status)
            """);
        _insertCandidate = new(connection, """
            INSERT INTO review_task_candidates (task_id, source, record_id, person_id, probability)
            VALUES ($task_id, $source, $record_id, $person_id, $probability)
            """);
        _revivePerson = new(connection, "UPDATE persons SET retired_at = NULL WHERE person_id = $person_id");
        _resolveTask = new(connection, """
            UPDATE review_tasks SET status = $status, resolution = $resolution, resolved_by = $resolved_by,
                resolved_at = $resolved_at, resolution_reason = $resolution_reason
            WHERE task_id = $task_id
            """);
        _insertDecision = new(connection, """
            INSERT INTO steward_decisions (decision_id, at, actor, verdict, left_source, left_record_id, right_source, right_record_id, reason, task_id)
            VALUES ($decision_id, $at, $actor, $verdict, $left_source, $left_record_id, $right_source, $right_record_id, $reason, $task_id)
            """);
        _insertMerge = new(connection, """
            INSERT INTO person_merges (merge_id, at, actor, reason, from_person_id, into_person_id)
            VALUES ($merge_id, $at, $actor, $reason, $from_person_id, $into_person_id)
            """);
        _insertMergeRecord = new(connection, "INSERT INTO person_merge_records (merge_id, source, record_id) VALUES ($merge_id, $source, $record_id)");
        _undoMerge = new(connection, "UPDATE person_merges SET undone_at = $at, undone_by = $actor WHERE merge_id = $merge_id");
        _checkpointJob = new(connection, JobCheckpointSql);
        // Its index rows are written after it from the event's own lists (0007_audit_index_by_writer.sql), not parsed back out of its JSON.
        _insertAuditEvent = new(connection, """
            INSERT INTO audit_events (at, actor, actor_name, client, client_address, request_id, action, operation, outcome, outcome_detail, query,
                changed, returned, persons)
            VALUES ($at, $actor, $actor_name, $client, $client_address, $request_id, $action, $operation, $outcome, $outcome_detail, $query,
                $changed, $returned, $persons)
            RETURNING event_id
            """);
        _indexAuditRecord = new(connection, "INSERT OR IGNORE INTO audit_event_records (source, record_id, event_id) VALUES ($source, $record_id, $event_id)");
        _indexAuditPerson = new(connection, "INSERT OR IGNORE INTO audit_event_persons (person_id, event_id) VALUES ($person_id, $event_id)");
    }

    private IEnumerable<Statement> All => [_insertPerson, _retirePerson, _upsertRecord, _upsertLink, _deleteLink, _moveLink, _deleteRecord, _insertEvent, _insertTask,
        _insertCandidate, _revivePerson, _resolveTask, _insertDecision, _insertMerge, _insertMergeRecord, _undoMerge, _checkpointJob,
        _insertAuditEvent, _indexAuditRecord, _indexAuditPerson];

    public void Bind(SqliteTransaction transaction)
    {
        foreach (var statement in All) statement.Command.Transaction = transaction;
    }

    /// <summary>Fenced: only the lease holder may write, and only the job's next chunk (see <see cref="JobCheckpoint"/>).</summary>
    private const string JobCheckpointSql = """
        UPDATE extract_jobs SET chunks_done = $chunk_no + 1, report = $report,
            state = CASE WHEN $finished THEN 'succeeded' ELSE 'running' END,
            leased_by = CASE WHEN $finished THEN NULL ELSE leased_by END,
            lease_until = CASE WHEN $finished THEN NULL ELSE $lease_until END,
            finished_at = CASE WHEN $finished THEN $at ELSE NULL END
        WHERE job_id = $job_id AND leased_by = $holder AND chunks_done = $chunk_no AND state = 'running'
        """;

    public void Write(MembershipChange change)
    {
        // First: a checkpoint that is refused fails the change before any of it is written.
        foreach (var checkpoint in change.JobCheckpoints) Checkpoint(checkpoint);
        foreach (var person in change.NewPersons)
            _insertPerson.Run(("$person_id", person.PersonId), ("$at", StoreText.Of(person.CreatedAt)));
        foreach (var personId in change.RevivedPersons) _revivePerson.Run(("$person_id", personId));
        foreach (var saved in change.SavedRecords) Save(saved);
        foreach (var relinked in change.RelinkedRecords) Move(relinked);
        foreach (var key in change.RemovedRecords)
        {
            _deleteLink.Run(("$source", key.Source), ("$record_id", key.RecordId));
            _deleteRecord.Run(("$source", key.Source), ("$record_id", key.RecordId));
        }
        var at = StoreText.Of(change.Events.Count > 0 ? change.Events[0].At : DateTimeOffset.UtcNow);
        foreach (var personId in change.RetiredPersons) _retirePerson.Run(("$person_id", personId), ("$at", at));
        foreach (var e in change.Events)
            _insertEvent.Run(("$at", StoreText.Of(e.At)), ("$kind", StoreText.Of(e.Kind)), ("$source", e.Record.Source),
                ("$record_id", e.Record.RecordId), ("$from_person_id", e.FromPersonId), ("$to_person_id", e.ToPersonId),
                ("$reason", e.Reason), ("$model", e.Model), ("$probability", e.Probability), ("$actor", e.Actor));
        foreach (var task in change.OpenedReviewTasks) Open(task);
        WriteStewardship(change);
        foreach (var e in change.AuditEvents) Audit(e);
    }

    /// <summary>One audit event and its index rows (a row per record and per person it names), in the transaction bound.</summary>
    public void Audit(AccessEvent e)
    {
        var eventId = (long)_insertAuditEvent.Scalar(("$at", StoreText.Of(e.At)), ("$actor", e.Actor), ("$actor_name", e.ActorName), ("$client", e.Client),
            ("$client_address", e.ClientAddress), ("$request_id", e.RequestId), ("$action", StoreText.Of(e.Action)), ("$operation", e.Operation),
            ("$outcome", StoreText.Of(e.Outcome)), ("$outcome_detail", e.OutcomeDetail), ("$query", e.Query),
            ("$changed", AuditRows.Json(e.Changed)), ("$returned", AuditRows.Json(e.Returned)), ("$persons", AuditRows.Json(e.Persons)))!;
        foreach (var key in AuditRows.Indexed(e))
            _indexAuditRecord.Run(("$source", key.Source), ("$record_id", key.RecordId), ("$event_id", eventId));
        foreach (var personId in e.Persons.Distinct(StringComparer.Ordinal))
            _indexAuditPerson.Run(("$person_id", personId), ("$event_id", eventId));
    }

    private void WriteStewardship(MembershipChange change)
    {
        foreach (var r in change.ResolvedReviewTasks)
            _resolveTask.Run(("$status", StoreText.Of(r.Status)), ("$resolution", r.Verdict is { } v ? StoreText.Of(v) : null),
                ("$resolved_by", r.Actor), ("$resolved_at", StoreText.Of(r.At)), ("$resolution_reason", r.Reason), ("$task_id", r.TaskId));
        foreach (var d in change.Decisions)
            _insertDecision.Run(("$decision_id", d.DecisionId), ("$at", StoreText.Of(d.At)), ("$actor", d.Actor), ("$verdict", StoreText.Of(d.Verdict)),
                ("$left_source", d.Left.Source), ("$left_record_id", d.Left.RecordId), ("$right_source", d.Right.Source),
                ("$right_record_id", d.Right.RecordId), ("$reason", d.Reason), ("$task_id", d.TaskId));
        foreach (var m in change.Merges)
        {
            _insertMerge.Run(("$merge_id", m.MergeId), ("$at", StoreText.Of(m.At)), ("$actor", m.Actor), ("$reason", m.Reason),
                ("$from_person_id", m.FromPersonId), ("$into_person_id", m.IntoPersonId));
            foreach (var key in m.Records) _insertMergeRecord.Run(("$merge_id", m.MergeId), ("$source", key.Source), ("$record_id", key.RecordId));
        }
        foreach (var u in change.UndoneMerges) _undoMerge.Run(("$at", StoreText.Of(u.At)), ("$actor", u.Actor), ("$merge_id", u.MergeId));
    }

    private void Save(StoredRecord saved)
    {
        var record = saved.Record;
        var link = saved.Link;
        var parameters = _upsertRecord.Command.Parameters;
        for (var i = 0; i < Fields.Length; i++) parameters[i].Value = (object?)record[Fields[i]] ?? DBNull.Value;
        parameters[Fields.Length].Value = StoreText.Of(link.LinkedAt);
        _upsertRecord.Command.ExecuteNonQuery();
        SaveLink(saved.Key, link);
    }

    private void SaveLink(RecordKey key, Link link)
    {
        _upsertLink.Run(("$source", key.Source), ("$record_id", key.RecordId), ("$person_id", link.PersonId),
            ("$outcome", StoreText.Of(link.Outcome)), ("$probability", link.Probability), ("$model", link.Model),
            ("$confirmed", link.Confirmed ? 1 : 0), ("$review_task_id", link.ReviewTaskId), ("$linked_at", StoreText.Of(link.LinkedAt)));
    }

    private void Move(RelinkedRecord relinked)
    {
        var link = relinked.Link;
        var moved = _moveLink.Run(("$source", relinked.Key.Source), ("$record_id", relinked.Key.RecordId), ("$person_id", link.PersonId),
            ("$outcome", StoreText.Of(link.Outcome)), ("$probability", link.Probability), ("$model", link.Model),
            ("$confirmed", link.Confirmed ? 1 : 0), ("$review_task_id", link.ReviewTaskId), ("$linked_at", StoreText.Of(link.LinkedAt)),
            ("$from_person_id", relinked.FromPersonId));
        if (moved != 1) throw new StoreConflictException($"{relinked.Key} is no longer in person {relinked.FromPersonId}; nothing was written");
    }

    private void Checkpoint(JobCheckpoint c)
    {
        var written = _checkpointJob.Run(("$chunk_no", c.ChunkNo), ("$report", c.Report), ("$finished", c.Finished ? 1 : 0),
            ("$lease_until", StoreText.Of(c.LeaseUntil)), ("$at", StoreText.Of(c.At)), ("$job_id", c.JobId), ("$holder", c.LeaseHolder));
        if (written != 1) throw JobCheckpointRefused.Of(c);
    }

    private void Open(ReviewTask task)
    {
        _insertTask.Run(("$task_id", task.TaskId), ("$created_at", StoreText.Of(task.CreatedAt)), ("$source", task.Record.Source),
            ("$record_id", task.Record.RecordId), ("$person_id", task.PersonId), ("$reason", task.Reason),
            ("$reason_kind", ReviewReason.KindOf(task.Reason)), ("$probability", task.Probability), ("$status", StoreText.Of(task.Status)));
        foreach (var c in task.Candidates)
            _insertCandidate.Run(("$task_id", task.TaskId), ("$source", c.Record.Source), ("$record_id", c.Record.RecordId),
                ("$person_id", c.PersonId), ("$probability", c.Probability));
    }

    public void Dispose()
    {
        foreach (var statement in All) statement.Command.Dispose();
    }

    /// <summary>A prepared command whose parameters are created once, in the order of first use.</summary>
    private sealed class Statement
    {
        public Statement(SqliteConnection connection, string sql)
        {
            Command = connection.CreateCommand();
            Command.CommandText = sql;
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-z0-9_]+"))
                if (!Command.Parameters.Contains(m.Value)) Command.Parameters.Add(new SqliteParameter(m.Value, null));
            Command.Prepare();
        }

        public SqliteCommand Command { get; }

        /// <returns>The rows changed.</returns>
        public int Run(params ReadOnlySpan<(string Name, object? Value)> values)
        {
            foreach (var (name, value) in values) Command.Parameters[name].Value = value ?? DBNull.Value;
            return Command.ExecuteNonQuery();
        }

        /// <returns>The first column of the first row (a RETURNING clause's).</returns>
        public object? Scalar(params ReadOnlySpan<(string Name, object? Value)> values)
        {
            foreach (var (name, value) in values) Command.Parameters[name].Value = value ?? DBNull.Value;
            return Command.ExecuteScalar();
        }
    }
}
