using PatientIndex.Core.Store;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task ApplyAsync(IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken = default)
    {
        using var traced = StoreTraces.Transaction("postgresql", "membership changes", changes.Count);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresWriter.WriteAsync(connection, transaction, changes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
