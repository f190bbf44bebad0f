using Microsoft.Data.Sqlite;
using PatientIndex.Core.Store;

namespace PatientIndex.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public async Task ApplyAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_writer is null)
            {
                _writer = Open();
                using var pragma = _writer.CreateCommand();
                // Checkpoints (copying the WAL into the database, with an fsync) run off the write path,
                // on a timer: done by the writer at commit they stall every request queued behind it.
                pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0;";
                pragma.ExecuteNonQuery();
                _statements = new SqliteWriter(_writer);
                _checkpoints = new Timer(_ => Checkpoint(), null, CheckpointInterval, CheckpointInterval);
            }
            // Not cancellable once begun: a batch is written whole or not at all.
            using var transaction = _writer.BeginTransaction();
            _statements!.Bind(transaction);
            foreach (var change in changes) _statements.Write(change);
            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Busy or closing: the next tick tries again.
        }
    }
}
