using PatientIndex.Core.Records;

namespace PatientIndex.Cli.Input;

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
