using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Sqlite;

namespace PatientIndex.Storage.Tests;

/// <summary>The SQLite store's write-ahead log under load: checkpoints must let it start afresh, not grow for as long as writes go on.</summary>
public sealed class SqliteLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-log-").FullName;

    /// <summary>Far more than a second of these writes between two checkpoints; far less than a minute of them.</summary>
    private const long MostLog = 1L << 30;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task under_a_steady_stream_of_writes_the_log_starts_again_from_its_beginning_instead_of_growing()
    {
        var path = Path.Combine(_directory, "store.db");
        using var store = new SqliteStore(path);
        await store.MigrateAsync();
        using var stop = new CancellationTokenSource();
        long batches = 0;
        // Two writers, so one always waits at the gate: the log never runs dry between writes.
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await store.AppendAsync(Reads((int)Interlocked.Increment(ref batches)));
        })).ToList();

        var log = new FileInfo(path + "-wal");
        var clock = Stopwatch.StartNew();
        try
        {
            // A log that starts again keeps the size it reached; one that never does grows with every write.
            var (size, written) = (0L, 0L);
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                log.Refresh();
                var (now, nowWritten) = (log.Exists ? log.Length : 0, Interlocked.Read(ref batches));
                if (now > 0 && now == size && nowWritten > written + 10) break;
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && now < MostLog, $"the log grew to {now:N0} bytes in {clock.Elapsed} and never started again");
                (size, written) = (now, nowWritten);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
    }

    /// <summary>Twenty searches, each naming the records and persons it returned, as the audit trail holds them.</summary>
    private static List<AccessEvent> Reads(int batch) => Enumerable.Range(0, 20).Select(i => new AccessEvent
    {
        At = DateTimeOffset.UtcNow, Actor = "gp-system", Action = AccessAction.Query, Operation = "grpc /patientindex.v1.PatientIndex/Match",
        Outcome = AccessOutcome.Success, Query = "{\"record\":{\"familyName\":\"SMITH-" + batch + "-" + i + "\"}}",
        Returned = Enumerable.Range(0, 5).Select(r => new RecordKey("gp", $"G{(batch * 7919 + i * 104729 + r * 15485863) % 1_000_003}")).ToList(),
        Persons = Enumerable.Range(0, 3).Select(p => $"P{(batch * 31 + i * 7 + p * 1_000_033) % 999_983:D8}").ToList(),
    }).ToList();

    /// <summary>The frames the log holds now (a passive checkpoint's report, from a connection of its own).</summary>
    private static long LogFrames(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var result = command.ExecuteReader();
        return result.Read() ? result.GetInt64(1) : 0;
    }
}
