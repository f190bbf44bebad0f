using Microsoft.Data.Sqlite;
using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async Task ApplyAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        using var traced = StoreTraces.Transaction("sqlite", "membership changes", changes.Count);
        try
        {
            var writer = Writer();
            // Not cancellable once begun: a batch is written whole or not at all.
            using var transaction = writer.BeginTransaction();
            _statements!.Bind(transaction);
            foreach (var change in changes) _statements.Write(change);
            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The one connection every write goes through; call it holding the write gate.</summary>
    private SqliteConnection Writer()
    {
        if (_writer is not null) return _writer;
        _writer = Open();
        using var pragma = _writer.CreateCommand();
        // Checkpoints (copying the WAL into the database, with an fsync) run off the write path,
        // on a timer: done by the writer at commit they stall every request queued behind it.
        pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0;";
        pragma.ExecuteNonQuery();
        _statements = new SqliteWriter(_writer);
        _checkpoints = new Timer(_ => CheckpointTick(), null, CheckpointInterval, CheckpointInterval);
        return _writer;
    }

    /// <summary>
    /// A passive checkpoint copies what it can without holding anyone up, but under a steady stream of
    /// writes it never reaches the log's end, so SQLite never starts the log afresh: it grows without
    /// bound, and appending to a growing file costs the kernel far more than overwriting one it holds.
    /// Once the log passes <see cref="RestartFrames"/>, a restart taken between two writes copies the
    /// little the passive one left and starts the log again from its beginning.
    /// </summary>
    private void CheckpointTick()
    {
        if (Interlocked.Exchange(ref _checkpointing, 1) == 1) return;
        try
        {
            if (Checkpoint("PASSIVE") is not { } frames || frames.Log < RestartFrames || !_writeGate.Wait(GateWait)) return;
            try { Checkpoint("RESTART"); }
            finally { _writeGate.Release(); }
        }
        catch (ObjectDisposedException)
        {
            // Closing: the store's own last checkpoint follows.
        }
        finally
        {
            Volatile.Write(ref _checkpointing, 0);
        }
    }

    /// <param name="mode">PASSIVE while serving, RESTART when the log has grown; TRUNCATE when closing, so the file alone holds everything (a copy of it is whole).</param>
    /// <returns>The frames in the log and those copied into the database, or null when the checkpoint could not run.</returns>
    private (long Log, long Copied)? Checkpoint(string mode = "PASSIVE")
    {
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode})";
            using var result = command.ExecuteReader();
            return result.Read() ? (result.GetInt64(1), result.GetInt64(2)) : null;
        }
        catch (SqliteException)
        {
            // Busy or closing: the next tick tries again.
            return null;
        }
    }
}
