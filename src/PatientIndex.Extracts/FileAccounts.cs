namespace PatientIndex.Extracts;

/// <summary>
/// What became of every row of every input file: each is accepted as a record, rejected with a reason,
/// or an identical repeat of an earlier row. A run whose counts do not add up stops before it links.
/// </summary>
public sealed class FileAccounts
{
    private readonly List<FileAccount> _files = [];

    public IReadOnlyList<FileAccount> All => _files;

    public FileAccount Add(string file, long rowsRead)
    {
        var account = new FileAccount(file, rowsRead);
        _files.Add(account);
        return account;
    }

    public void CheckEveryRowAccountedFor()
    {
        var unbalanced = _files.Where(f => f.RowsRead != f.Accepted + f.Rejected + f.IdenticalRepeats).ToList();
        if (unbalanced.Count == 0) return;
        throw new ExtractException(string.Join(Environment.NewLine, unbalanced.Select(f =>
            $"{f.File}: {f.RowsRead:N0} rows read but {f.Accepted + f.Rejected + f.IdenticalRepeats:N0} accounted for " +
            $"({f.Accepted:N0} accepted, {f.Rejected:N0} rejected, {f.IdenticalRepeats:N0} identical repeats): nothing was linked")));
    }
}

/// <summary>One input file's rows, as read and as they were taken.</summary>
public sealed class FileAccount(string file, long rowsRead)
{
    public string File { get; } = file;
    public long RowsRead { get; } = rowsRead;
    public long Accepted { get; set; }
    public long Rejected { get; set; }
    public long IdenticalRepeats { get; set; }
}
