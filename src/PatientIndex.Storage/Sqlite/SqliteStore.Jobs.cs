using Dapper;
using Microsoft.Data.Sqlite;
using PatientIndex.Core.Jobs;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Sqlite;

public sealed partial class SqliteStore : IJobStore
{
    private const string UploadPartSql = "SELECT bytes FROM extract_job_uploads WHERE job_id = @jobId AND part_no = @partNo";

    public async Task<ExtractJob> SubmitJobAsync(ExtractJob job, Stream? upload, CancellationToken cancellationToken = default)
    {
        if (await FindJobWhereAsync("digest = @digest", new { digest = job.Digest }, cancellationToken) is { } existing) return existing;
        // Copied aside before the write gate is taken: SQLite has one writer, and reading a client's
        // upload at the client's pace under the gate would hold up every link queued behind it.
        await using var spooled = upload is null ? null : await SpoolAsync(upload, cancellationToken);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var writer = Writer();
            using var transaction = writer.BeginTransaction();
            var inserted = await writer.ExecuteAsync("""
                INSERT INTO extract_jobs (job_id, digest, spec, state, submitted_at, chunks_done, upload_bytes)
                VALUES (@JobId, @Digest, @Spec, 'queued', @SubmittedAt, 0, @UploadBytes)
                ON CONFLICT (digest) DO NOTHING
                """, new { job.JobId, job.Digest, job.Spec, SubmittedAt = StoreText.Of(job.SubmittedAt), UploadBytes = spooled?.Length }, transaction);
            // Submitted by another store on this file since the look-up above.
            if (inserted == 0)
                return (await writer.QuerySingleAsync<JobRow>($"SELECT {JobRow.Columns} FROM extract_jobs WHERE digest = @Digest", new { job.Digest }, transaction)).ToDomain();
            if (spooled is not null) await WritePartsAsync(writer, transaction, job.JobId, spooled);
            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
        return (await FindJobAsync(job.JobId, cancellationToken))!;
    }

    public Task<ExtractJob?> FindJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        FindJobWhereAsync("job_id = @jobId", new { jobId }, cancellationToken);

    public async Task<IReadOnlyList<ExtractJob>> ListJobsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var rows = await connection.QueryAsync<JobRow>(new CommandDefinition(
            $"SELECT {JobRow.Columns} FROM extract_jobs ORDER BY submitted_at DESC, job_id DESC LIMIT @limit", new { limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDomain()).ToList();
    }

    public Task<ExtractJob?> LeaseNextJobAsync(string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default,
        string? onlyJobId = null) =>
        WriteAsync(writer => writer.QuerySingleOrDefault<JobRow>($"""
            UPDATE extract_jobs SET state = 'running', leased_by = @holder, lease_until = @leaseUntil
            WHERE job_id = (SELECT job_id FROM extract_jobs
                            WHERE state IN ('queued', 'running') AND (state = 'queued' OR lease_until < @now)
                                  AND (@only IS NULL OR job_id = @only)
                            ORDER BY submitted_at, job_id LIMIT 1)
            RETURNING {JobRow.Columns}
            """, new { holder, leaseUntil = StoreText.Of(leaseUntil), now = StoreText.Of(now), only = onlyJobId })?.ToDomain(), cancellationToken);

    public Task ReleaseJobLeasesAsync(string holder, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => writer.Execute(
            "UPDATE extract_jobs SET lease_until = @at WHERE leased_by = @holder AND state = 'running'",
            new { holder, at = StoreText.Of(at) }), cancellationToken);

    public Task<bool> RenewJobLeaseAsync(string jobId, string holder, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => writer.Execute(
            "UPDATE extract_jobs SET lease_until = @leaseUntil WHERE job_id = @jobId AND leased_by = @holder AND state = 'running'",
            new { jobId, holder, leaseUntil = StoreText.Of(leaseUntil) }) == 1, cancellationToken);

    public Task FailJobAsync(string jobId, string holder, string error, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(writer => writer.Execute("""
            UPDATE extract_jobs SET state = 'failed', error = @error, finished_at = @at, leased_by = NULL, lease_until = NULL
            WHERE job_id = @jobId AND leased_by = @holder AND state = 'running'
            """, new { jobId, holder, error, at = StoreText.Of(at) }), cancellationToken);

    public async Task<Stream?> OpenJobUploadAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        var length = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT upload_bytes FROM extract_jobs WHERE job_id = @jobId", new { jobId }, cancellationToken: cancellationToken));
        return length is { } bytes ? new UploadStream(jobId, bytes, partNo => ReadUploadPart(jobId, partNo), (partNo, c) => ReadUploadPartAsync(jobId, partNo, c)) : null;
    }

    private async Task<ExtractJob?> FindJobWhereAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            $"SELECT {JobRow.Columns} FROM extract_jobs WHERE {where}", parameters, cancellationToken: cancellationToken));
        return row?.ToDomain();
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return write(Writer());
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static async Task<FileStream> SpoolAsync(Stream upload, CancellationToken cancellationToken)
    {
        var file = new FileStream(System.IO.Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await upload.CopyToAsync(file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task WritePartsAsync(SqliteConnection writer, SqliteTransaction transaction, string jobId, Stream spooled)
    {
        await using var insert = writer.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO extract_job_uploads (job_id, part_no, bytes) VALUES ($job_id, $part_no, $bytes)";
        insert.Parameters.AddWithValue("$job_id", jobId);
        var partNo = insert.Parameters.Add("$part_no", SqliteType.Integer);
        var bytes = insert.Parameters.Add("$bytes", SqliteType.Blob);
        var n = 0;
        // Not cancellable once begun, like every write: the job and its upload land together or not at all.
        await foreach (var part in UploadParts.ReadAsync(spooled, CancellationToken.None))
        {
            partNo.Value = n++;
            bytes.Value = part;
            insert.ExecuteNonQuery();
        }
    }

    private byte[]? ReadUploadPart(string jobId, int partNo)
    {
        using var connection = Open();
        return connection.ExecuteScalar<byte[]?>(UploadPartSql, new { jobId, partNo });
    }

    private async Task<byte[]?> ReadUploadPartAsync(string jobId, int partNo, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(UploadPartSql, new { jobId, partNo }, cancellationToken: cancellationToken));
    }
}
