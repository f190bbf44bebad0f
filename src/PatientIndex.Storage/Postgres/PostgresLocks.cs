namespace PatientIndex.Storage.Postgres;

/// <summary>
/// The advisory lock keys the store takes besides the block keys of records. Block keys are 64-bit
/// hashes, so a collision with these is as unlikely as any other, and would only make a writer wait.
/// </summary>
internal static class PostgresLocks
{
    /// <summary>Held (session level) while migrations run.</summary>
    public const long Migration = 0x5041_5449_454E_5401;

    /// <summary>Held from the change-log insert to commit, so sequence order is commit order.</summary>
    public const long ChangeLog = 0x5041_5449_454E_5402;
}
