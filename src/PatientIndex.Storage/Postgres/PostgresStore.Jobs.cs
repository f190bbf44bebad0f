using Dapper;
using Npgsql;
using NpgsqlTypes;
using PatientIndex.Core.Jobs;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Postgres;

public sealed partial class PostgresStore : IJobStore
{
    private const string JobColumns = """
        job_id AS JobId, digest AS Digest, spec AS Spec, state AS State,
        to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS SubmittedAt, chunks_done AS ChunksDone,
        report AS Report, error AS Error, leased_by AS LeasedBy,
        to_char(lease_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS LeaseUntil,
        to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS FinishedAt
        """;

    private const string UploadPartSql = "SELECT bytes FROM extract_job_uploads WHERE job_id = $1 AND part_no = $2";

    public async Task<ExtractJob> SubmitJobAsync(ExtractJob job, Stream? upload, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // A submission of the same digest in flight elsewhere makes this wait for it, then do nothing.
            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO extract_jobs (job_id, digest, spec, state, submitted_at, chunks_done)
                VALUES (@JobId, @Digest, @Spec, 'queued', @SubmittedAt, 0)
                ON CONFLICT (digest) DO NOTHING
                """, new { job.JobId, job.Digest, job.Spec, SubmittedAt = job.SubmittedAt.ToUniversalTime() }, transaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return (await FindJobWhereAsync(connection, "digest = @digest", new { digest = job.Digest }, cancellationToken))!;
            }
            if (upload is not null)
            {
                var length = await WriteUploadPartsAsync(connection, transaction, job.JobId, upload, cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition("UPDATE extract_jobs SET upload_bytes = @length WHERE job_id = @JobId",
                    new { length, job.JobId }, transaction, cancellationToken: cancellationToken));
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return (await FindJobWhereAsync(connection, "job_id = @jobId", new { jobId = job.JobId }, cancellationToken))!;
    }

    public async Task<ExtractJob?> FindJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindJobWhereAsync(connection, "job_id = @jobId", new { jobId }, cancellationToken);
    }

    public async Task<IReadOnlyList<ExtractJob>> ListJobsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRow>(new CommandDefinition(
            $"SELECT {JobColumns} FROM extract_jobs ORDER BY submitted_at DESC, job_id DESC LIMIT @limit", new { limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public async Task<ExtractJob?> LeaseNextJobAsync(string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default,
        string? onlyJobId = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One statement, so one transaction: the job is locked from choosing it to leasing it, and a
        // replica asking at the same moment skips it (SKIP LOCKED) for the next instead of waiting.
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition($"""
            WITH next AS (
                SELECT job_id AS next_id FROM extract_jobs
                WHERE state IN ('queued', 'running') AND (state = 'queued' OR lease_until < @now)
                  AND (@only::text IS NULL OR job_id = @only)
                ORDER BY submitted_at, job_id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            UPDATE extract_jobs SET state = 'running', leased_by = @holder, lease_until = @leaseUntil
            FROM next WHERE job_id = next.next_id
            RETURNING {JobColumns}
            """, new { holder, now = now.ToUniversalTime(), leaseUntil = leaseUntil.ToUniversalTime(), only = onlyJobId }, cancellationToken: cancellationToken));
        return row?.ToDomain();
    }

    public async Task ReleaseJobLeasesAsync(string holder, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE extract_jobs SET lease_until = @at WHERE leased_by = @holder AND state = 'running'",
            new { holder, at = at.ToUniversalTime() }, cancellationToken: cancellationToken));
    }

    public async Task<bool> RenewJobLeaseAsync(string jobId, string holder, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE extract_jobs SET lease_until = @leaseUntil WHERE job_id = @jobId AND leased_by = @holder AND state = 'running'",
            new { jobId, holder, leaseUntil = leaseUntil.ToUniversalTime() }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task FailJobAsync(string jobId, string holder, string error, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE extract_jobs SET state = 'failed', error = @error, finished_at = @at, leased_by = NULL, lease_until = NULL
            WHERE job_id = @jobId AND leased_by = @holder AND state = 'running'
            """, new { jobId, holder, error, at = at.ToUniversalTime() }, cancellationToken: cancellationToken));
    }

    public async Task<Stream?> OpenJobUploadAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var length = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT upload_bytes FROM extract_jobs WHERE job_id = @jobId", new { jobId }, cancellationToken: cancellationToken));
        return length is { } bytes ? new UploadStream(jobId, bytes, partNo => ReadUploadPart(jobId, partNo), (partNo, c) => ReadUploadPartAsync(jobId, partNo, c)) : null;
    }

    private static async Task<ExtractJob?> FindJobWhereAsync(NpgsqlConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            $"SELECT {JobColumns} FROM extract_jobs WHERE {where}", parameters, cancellationToken: cancellationToken));
        return row?.ToDomain();
    }

    /// <returns>The upload's length in bytes.</returns>
    private static async Task<long> WriteUploadPartsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobId, Stream upload,
        CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO extract_job_uploads (job_id, part_no, bytes) VALUES ($1, $2, $3)", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jobId });
        var partNo = new NpgsqlParameter<int>();
        var bytes = new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea };
        insert.Parameters.Add(partNo);
        insert.Parameters.Add(bytes);
        await insert.PrepareAsync(cancellationToken);
        var length = 0L;
        await foreach (var part in UploadParts.ReadAsync(upload, cancellationToken))
        {
            bytes.TypedValue = part;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            partNo.TypedValue++;
            length += part.Length;
        }
        return length;
    }

    private byte[]? ReadUploadPart(string jobId, int partNo)
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(UploadPartSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jobId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partNo });
        return command.ExecuteScalar() as byte[];
    }

    private async Task<byte[]?> ReadUploadPartAsync(string jobId, int partNo, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(UploadPartSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = jobId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partNo });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }
}
