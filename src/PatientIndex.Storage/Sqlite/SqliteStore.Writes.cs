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
        _checkpoints = new Timer(_ => Checkpoint(), null, CheckpointInterval, CheckpointInterval);
        return _writer;
    }

    /// <param name="mode">PASSIVE while serving; TRUNCATE when closing, so the file alone holds everything (a copy of it is whole).</param>
    private void Checkpoint(string mode = "PASSIVE")
    {
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode})";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Busy or closing: the next tick tries again.
        }
    }
}
