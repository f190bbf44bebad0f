using Dapper;
using Npgsql;
using NpgsqlTypes;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Postgres;

/// <summary>
/// Seeds a store with a bulk linkage through binary COPY, in one transaction: a million records take
/// seconds where row-by-row inserts take minutes. The change log gets every record too, so replicas
/// already running pick the new records up; replicas started afterwards read them all at start-up.
/// </summary>
public static class PostgresBulkLoad
{
    private static readonly CanonicalField[] Fields = [.. CanonicalFields.All];

    public static async Task WriteAsync(NpgsqlDataSource dataSource, IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken = default)
    {
        // Refused rather than dropped: a job's progress is fenced by its lease, which COPY cannot check.
        if (changes.Any(c => c.JobCheckpoints.Count > 0))
            throw new ArgumentException("a bulk load does not write extract-job checkpoints; apply changes that carry them through the store", nameof(changes));
        if (changes.Any(c => c.AuditEvents.Count > 0))
            throw new ArgumentException("a bulk load does not write audit events; apply changes that carry them through the store", nameof(changes));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CopyPersons(connection, changes, cancellationToken);
        await CopyRecords(connection, changes, cancellationToken);
        await CopyLinks(connection, changes, cancellationToken);
        await CopyEvents(connection, changes, cancellationToken);
        var rest = changes.Where(c => c.OpenedReviewTasks.Count > 0 || c.RetiredPersons.Count > 0 || c.RemovedRecords.Count > 0).Select(Remainder).ToList();
        if (rest.Count > 0) await PostgresWriter.WriteAsync(connection, transaction, rest, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresLocks.ChangeLog }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO change_log (source, record_id) SELECT source, record_id FROM source_records", transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task CopyPersons(NpgsqlConnection connection, IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync("COPY persons (person_id, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var person in changes.SelectMany(c => c.NewPersons))
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(person.PersonId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(person.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task CopyRecords(NpgsqlConnection connection, IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", Fields.Select(CanonicalFields.HeaderOf));
        await using var copy = await connection.BeginBinaryImportAsync($"COPY source_records ({columns}, updated_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var saved in changes.SelectMany(c => c.SavedRecords))
        {
            await copy.StartRowAsync(cancellationToken);
            foreach (var field in Fields) await WriteText(copy, saved.Record[field], cancellationToken);
            await copy.WriteAsync(saved.Link.LinkedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task CopyLinks(NpgsqlConnection connection, IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY links (source, record_id, person_id, outcome, probability, model, confirmed, review_task_id, linked_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var saved in changes.SelectMany(c => c.SavedRecords))
        {
            var link = saved.Link;
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(saved.Record.Source, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(saved.Record.RecordId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(link.PersonId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(StoreText.Of(link.Outcome), NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(link.Probability, NpgsqlDbType.Double, cancellationToken);
            await copy.WriteAsync(link.Model, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(link.Confirmed, NpgsqlDbType.Boolean, cancellationToken);
            await WriteText(copy, link.ReviewTaskId, cancellationToken);
            await copy.WriteAsync(link.LinkedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task CopyEvents(NpgsqlConnection connection, IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY link_events (at, kind, source, record_id, from_person_id, to_person_id, reason, model, probability, actor) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var e in changes.SelectMany(c => c.Events))
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(e.At.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(StoreText.Of(e.Kind), NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(e.Record.Source, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(e.Record.RecordId, NpgsqlDbType.Text, cancellationToken);
            await WriteText(copy, e.FromPersonId, cancellationToken);
            await WriteText(copy, e.ToPersonId, cancellationToken);
            await copy.WriteAsync(e.Reason, NpgsqlDbType.Text, cancellationToken);
            await WriteText(copy, e.Model, cancellationToken);
            if (e.Probability is { } p) await copy.WriteAsync(p, NpgsqlDbType.Double, cancellationToken);
            else await copy.WriteNullAsync(cancellationToken);
            await copy.WriteAsync(e.Actor, NpgsqlDbType.Text, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>What COPY does not carry: review tasks, retirements and removals, written the ordinary way.</summary>
    private static MembershipChange Remainder(MembershipChange change)
    {
        var rest = new MembershipChange();
        rest.OpenedReviewTasks.AddRange(change.OpenedReviewTasks);
        rest.RetiredPersons.AddRange(change.RetiredPersons);
        rest.RemovedRecords.AddRange(change.RemovedRecords);
        return rest;
    }

    private static async Task WriteText(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken)
    {
        if (value is null) await copy.WriteNullAsync(cancellationToken);
        else await copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
    }
}
