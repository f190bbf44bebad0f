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
                pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
                pragma.ExecuteNonQuery();
                _statements = new SqliteWriter(_writer);
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
}
