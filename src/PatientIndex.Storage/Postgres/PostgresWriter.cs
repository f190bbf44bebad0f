using PatientIndex.Core.Linkage;
using Dapper;
using Npgsql;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Jobs;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Postgres;

/// <summary>
/// Writes membership changes inside a transaction: every statement of every change, in order, in
/// one batch (one round trip), then the change-log rows for the records touched.
/// </summary>
internal static class PostgresWriter
{
    private static readonly CanonicalField[] Fields = [.. CanonicalFields.All];

    private static readonly string UpsertRecord = UpsertRecordSql();

    private const string UpsertLink = """
        INSERT INTO links (source, record_id, person_id, outcome, probability, model, confirmed, review_task_id, linked_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (source, record_id) DO UPDATE SET person_id = excluded.person_id, outcome = excluded.outcome,
            probability = excluded.probability, model = excluded.model, confirmed = excluded.confirmed,
            review_task_id = excluded.review_task_id, linked_at = excluded.linked_at
        """;

    /// <summary>A record moving with its person: its link replaced only where the decision saw it ($10).</summary>
    private const string MoveLink = """
        UPDATE links SET person_id = $3, outcome = $4, probability = $5, model = $6, confirmed = $7, review_task_id = $8, linked_at = $9
        WHERE source = $1 AND record_id = $2 AND person_id = $10
        """;

    private const string InsertEvent = """
        INSERT INTO link_events (at, kind, source, record_id, from_person_id, to_person_id, reason, model, probability, actor)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """;

    private const string InsertTask = """
        INSERT INTO review_tasks (task_id, created_at, source, record_id, person_id, reason, probability, status, reason_kind)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    private const string InsertCandidate = "INSERT INTO review_task_candidates (task_id, source, record_id, person_id, probability) VALUES ($1, $2, $3, $4, $5)";

    private const string ResolveTask = """
        UPDATE review_tasks SET status = $1, resolution = $2, resolved_by = $3, resolved_at = $4, resolution_reason = $5
        WHERE task_id = $6
        """;

    private const string InsertDecision = """
        INSERT INTO steward_decisions (decision_id, at, actor, verdict, left_source, left_record_id, right_source, right_record_id, reason, task_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """;

    private const string InsertMerge = """
        INSERT INTO person_merges (merge_id, at, actor, reason, from_person_id, into_person_id) VALUES ($1, $2, $3, $4, $5, $6)
        """;

    /// <summary>Fenced: only the lease holder ($2) may write, and only the job's next chunk ($3) (see <see cref="JobCheckpoint"/>).</summary>
    private const string CheckpointJob = """
        UPDATE extract_jobs SET chunks_done = $3 + 1, report = $4,
            state = CASE WHEN $5 THEN 'succeeded' ELSE 'running' END,
            leased_by = CASE WHEN $5 THEN NULL ELSE leased_by END,
            lease_until = CASE WHEN $5 THEN NULL ELSE $7 END,
            finished_at = CASE WHEN $5 THEN $6 ELSE NULL END
        WHERE job_id = $1 AND leased_by = $2 AND chunks_done = $3 AND state = 'running'
        """;

    /// <summary>An audit event with its index rows in one statement, so it can ride in a batch without a round trip for its id.</summary>
    private const string InsertAudit = """
        WITH e AS (
            INSERT INTO audit_events (at, actor, actor_name, client, client_address, request_id, action, operation, outcome, outcome_detail, query,
                changed, returned, persons)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            RETURNING event_id),
        r AS (
            INSERT INTO audit_event_records (source, record_id, event_id)
            SELECT x.source, x.record_id, e.event_id FROM e, unnest($15::text[], $16::text[]) AS x (source, record_id))
        INSERT INTO audit_event_persons (person_id, event_id)
        SELECT x.person_id, e.event_id FROM e, unnest($17::text[]) AS x (person_id)
        """;

    private const string LogChanges = """
        WITH logged AS (INSERT INTO change_log (source, record_id) SELECT * FROM unnest(@sources, @recordIds) RETURNING seq)
        SELECT coalesce(min(seq), 0) AS First, coalesce(max(seq), -1) AS Last FROM logged;
        """;

    public static async Task<SequenceRange> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var touched = new List<RecordKey>();
        var moves = new List<NpgsqlBatchCommand>();
        var checkpoints = new List<(NpgsqlBatchCommand Command, JobCheckpoint Checkpoint)>();
        foreach (var change in changes)
        {
            foreach (var c in change.JobCheckpoints)
            {
                Command(batch, CheckpointJob, c.JobId, c.LeaseHolder, c.ChunkNo, c.Report, c.Finished, c.At.ToUniversalTime(), c.LeaseUntil.ToUniversalTime());
                checkpoints.Add((batch.BatchCommands[^1], c));
            }
            Add(batch, change, touched, moves);
            foreach (var e in change.AuditEvents) AddAudit(batch, e);
        }
        if (batch.BatchCommands.Count == 0) return SequenceRange.None;
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (moves.Exists(m => m.RecordsAffected != 1))
            throw new StoreConflictException("a record this change moves was changed by another writer since it was decided; nothing was written");
        foreach (var (command, checkpoint) in checkpoints)
            if (command.RecordsAffected != 1) throw JobCheckpointRefused.Of(checkpoint);
        if (touched.Count == 0) return SequenceRange.None;
        // Held until the transaction ends, so sequence order is commit order (see 0002_change_log.sql).
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@lockKey)", new { lockKey = PostgresLocks.ChangeLog },
            transaction, cancellationToken: cancellationToken));
        var range = await connection.QuerySingleAsync<(long First, long Last)>(new CommandDefinition(LogChanges, new
        {
            sources = touched.Select(k => k.Source).ToArray(),
            recordIds = touched.Select(k => k.RecordId).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        return new SequenceRange(range.First, range.Last);
    }

    public static void AddAudit(NpgsqlBatch batch, AccessEvent e)
    {
        var records = AuditRows.Indexed(e);
        var persons = e.Persons.Distinct(StringComparer.Ordinal).ToArray();
        Command(batch, InsertAudit, e.At.ToUniversalTime(), e.Actor, e.ActorName, e.Client, e.ClientAddress, e.RequestId, StoreText.Of(e.Action), e.Operation,
            StoreText.Of(e.Outcome), e.OutcomeDetail, e.Query, AuditRows.Json(e.Changed), AuditRows.Json(e.Returned), AuditRows.Json(persons),
            records.Select(r => r.Source).ToArray(), records.Select(r => r.RecordId).ToArray(), persons);
    }

    private static void Add(NpgsqlBatch batch, MembershipChange change, List<RecordKey> touched, List<NpgsqlBatchCommand> moves)
    {
        foreach (var person in change.NewPersons)
            Command(batch, "INSERT INTO persons (person_id, created_at) VALUES ($1, $2)", person.PersonId, person.CreatedAt.ToUniversalTime());
        foreach (var personId in change.RevivedPersons)
            Command(batch, "UPDATE persons SET retired_at = NULL WHERE person_id = $1", personId);
        foreach (var saved in change.SavedRecords)
        {
            Save(batch, saved);
            touched.Add(saved.Key);
        }
        foreach (var relinked in change.RelinkedRecords)
        {
            var link = relinked.Link;
            Command(batch, MoveLink, relinked.Key.Source, relinked.Key.RecordId, link.PersonId, StoreText.Of(link.Outcome), link.Probability, link.Model,
                link.Confirmed, link.ReviewTaskId, link.LinkedAt.ToUniversalTime(), relinked.FromPersonId);
            moves.Add(batch.BatchCommands[^1]);
            touched.Add(relinked.Key);
        }
        foreach (var key in change.RemovedRecords)
        {
            Command(batch, "DELETE FROM source_records WHERE source = $1 AND record_id = $2", key.Source, key.RecordId);
            touched.Add(key);
        }
        var at = (change.Events.Count > 0 ? change.Events[0].At : DateTimeOffset.UtcNow).ToUniversalTime();
        foreach (var personId in change.RetiredPersons)
            Command(batch, "UPDATE persons SET retired_at = $2 WHERE person_id = $1", personId, at);
        foreach (var e in change.Events)
            Command(batch, InsertEvent, e.At.ToUniversalTime(), StoreText.Of(e.Kind), e.Record.Source, e.Record.RecordId, e.FromPersonId,
                e.ToPersonId, e.Reason, e.Model, e.Probability, e.Actor);
        foreach (var task in change.OpenedReviewTasks)
        {
            Command(batch, InsertTask, task.TaskId, task.CreatedAt.ToUniversalTime(), task.Record.Source, task.Record.RecordId, task.PersonId,
                task.Reason, task.Probability, StoreText.Of(task.Status), ReviewReason.KindOf(task.Reason));
            foreach (var c in task.Candidates)
                Command(batch, InsertCandidate, task.TaskId, c.Record.Source, c.Record.RecordId, c.PersonId, c.Probability);
        }
        AddStewardship(batch, change, touched);
    }

    private static void AddStewardship(NpgsqlBatch batch, MembershipChange change, List<RecordKey> touched)
    {
        foreach (var r in change.ResolvedReviewTasks)
            Command(batch, ResolveTask, StoreText.Of(r.Status), r.Verdict is { } verdict ? StoreText.Of(verdict) : null, r.Actor, r.At.ToUniversalTime(),
                r.Reason, r.TaskId);
        foreach (var d in change.Decisions)
        {
            Command(batch, InsertDecision, d.DecisionId, d.At.ToUniversalTime(), d.Actor, StoreText.Of(d.Verdict), d.Left.Source, d.Left.RecordId,
                d.Right.Source, d.Right.RecordId, d.Reason, d.TaskId);
            // Logged so that other replicas, which follow the change sequence, reload the assertions.
            touched.Add(d.Left);
            touched.Add(d.Right);
        }
        foreach (var m in change.Merges)
        {
            Command(batch, InsertMerge, m.MergeId, m.At.ToUniversalTime(), m.Actor, m.Reason, m.FromPersonId, m.IntoPersonId);
            foreach (var key in m.Records)
                Command(batch, "INSERT INTO person_merge_records (merge_id, source, record_id) VALUES ($1, $2, $3)", m.MergeId, key.Source, key.RecordId);
        }
        foreach (var u in change.UndoneMerges)
            Command(batch, "UPDATE person_merges SET undone_at = $2, undone_by = $3 WHERE merge_id = $1", u.MergeId, u.At.ToUniversalTime(), u.Actor);
    }

    private static void Save(NpgsqlBatch batch, StoredRecord saved)
    {
        var record = saved.Record;
        var link = saved.Link;
        var values = new object?[Fields.Length + 1];
        for (var i = 0; i < Fields.Length; i++) values[i] = record[Fields[i]];
        values[Fields.Length] = link.LinkedAt.ToUniversalTime();
        Command(batch, UpsertRecord, values);
        SaveLink(batch, saved.Key, link);
    }

    private static void SaveLink(NpgsqlBatch batch, RecordKey key, Link link) =>
        Command(batch, UpsertLink, key.Source, key.RecordId, link.PersonId, StoreText.Of(link.Outcome), link.Probability, link.Model,
            link.Confirmed, link.ReviewTaskId, link.LinkedAt.ToUniversalTime());

    /// <summary>Positional parameters ($1, $2…); a null is sent untyped, so the column gives its type.</summary>
    private static void Command(NpgsqlBatch batch, string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        batch.BatchCommands.Add(command);
    }

    private static string UpsertRecordSql()
    {
        var columns = string.Join(", ", Fields.Select(CanonicalFields.HeaderOf));
        var values = string.Join(", ", Enumerable.Range(1, Fields.Length + 1).Select(i => "$" + i));
        var updates = string.Join(", ", Fields.Skip(2).Select(f => $"{CanonicalFields.HeaderOf(f)} = excluded.{CanonicalFields.HeaderOf(f)}"));
        return $"""
            INSERT INTO source_records ({columns}, updated_at) VALUES ({values})
            ON CONFLICT (source, record_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at
            """;
    }
}
