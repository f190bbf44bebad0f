using PatientIndex.Core.Linkage;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

namespace PatientIndex.Extracts;

/// <summary>Records read from the input files, with where each came from, and every row that was turned away.</summary>
/// <param name="expectedRecords">How many records to make room for.</param>
public sealed class Extract(int expectedRecords = 0)
{
    public List<SourceRecord> Records { get; } = new(expectedRecords);
    public List<(string File, long Line)> Origins { get; } = new(expectedRecords);
    public List<Rejection> Rejections { get; } = [];
    public List<FieldWarning> Warnings { get; } = [];
    /// <summary>Rows that repeated an earlier row of the same source exactly: one record, counted once.</summary>
    public int IdenticalRepeats { get; set; }
    /// <summary>What became of each file's rows.</summary>
    public FileAccounts Files { get; } = new();
    /// <summary>How each file names a canonical field, for warnings (CSV headers, FHIR elements).</summary>
    public Dictionary<string, Func<CanonicalField, string>> ColumnNames { get; } = [];

    /// <summary>Normalises every record in parallel; field problems become warnings with file, line and column.</summary>
    public NormalisedRecord[] Normalise(string? dateFormat)
    {
        var normaliser = new RecordNormaliser(dateFormat);
        var records = new NormalisedRecord[Records.Count];
        // One contiguous share per core, so each memo sees a whole share's repeated values; each share
        // lists its few records with problems, kept apart from the records so no second large array is needed.
        var shareSize = Math.Max(1, (records.Length + Environment.ProcessorCount - 1) / Environment.ProcessorCount);
        var problemsOfShare = new List<(int Record, FieldProblem[] Problems)>[Environment.ProcessorCount];
        ParallelChunks.For(records.Length, shareSize, (from, to) =>
        {
            var memo = normaliser.NewMemo();
            var scratch = new List<FieldProblem>();
            var problems = problemsOfShare[from / shareSize] = [];
            for (var i = from; i < to; i++)
            {
                records[i] = normaliser.Normalise(Records[i], scratch, memo);
                if (scratch.Count > 0) { problems.Add((i, [.. scratch])); scratch.Clear(); }
            }
        });
        foreach (var (i, problems) in problemsOfShare.Where(p => p is not null).SelectMany(p => p))
        {
            var (file, line) = Origins[i];
            var columnOf = ColumnNames[file];
            foreach (var p in problems) Warnings.Add(new FieldWarning(file, line, columnOf(p.Field), p.Value, p.Reason));
        }
        return records;
    }

    /// <summary>
    /// Lets the source records go once they are normalised: a million of them, with their fields, are a
    /// third of a bulk run's heap, and every full garbage collection would otherwise walk them again.
    /// </summary>
    public void ForgetRecords()
    {
        Records.Clear();
        Records.TrimExcess();
        Origins.Clear();
        Origins.TrimExcess();
    }
}

public sealed record Rejection(string File, long Line, string? Source, string? RecordId, string Reason);

public sealed record FieldWarning(string File, long Line, string Column, string Value, string Reason);
