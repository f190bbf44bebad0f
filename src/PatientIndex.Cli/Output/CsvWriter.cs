using System.Text;

namespace PatientIndex.Cli.Output;

/// <summary>RFC 4180 CSV out: a field is quoted only when it holds a comma, quote or line break.</summary>
public sealed class CsvWriter : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private static readonly System.Buffers.SearchValues<char> NeedsQuoting = System.Buffers.SearchValues.Create(",\"\r\n");
    private const int BufferSize = 1 << 16;
    /// <summary>A writer's buffers stay below the large-object size.</summary>
    private const int SmallBufferSize = 1 << 12;
    private readonly TextWriter _writer;
    private bool _rowStarted;

    public CsvWriter(string path, params string[] header) : this(new StreamWriter(path, false, Utf8, BufferSize)) => Row(header);

    /// <summary>CSV into any text writer, with no header row; disposing the CSV writer disposes it.</summary>
    public CsvWriter(TextWriter writer)
    {
        _writer = writer;
        _writer.NewLine = "\n";
    }

    /// <summary>
    /// Writes a header and <paramref name="rowCount"/> rows, <paramref name="writeRow"/> writing row i.
    /// Blocks of rows are formatted side by side, then written in order: a million rows are mostly formatting.
    /// </summary>
    public static void WriteRows(string path, string[] header, int rowCount, Action<CsvWriter, int> writeRow)
    {
        const int rowsPerBlock = 16384;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize);
        using (var csv = new CsvWriter(new StreamWriter(file, Utf8, BufferSize, leaveOpen: true))) csv.Row(header);
        var blocks = (rowCount + rowsPerBlock - 1) / rowsPerBlock;
        // The blocks' buffers are reused from one round to the next: fresh megabyte buffers for every
        // block are large-object garbage, and each few hundred megabytes of it costs a full collection.
        var formatted = new MemoryStream[Math.Min(Environment.ProcessorCount * 4, blocks)];
        for (var b = 0; b < formatted.Length; b++) formatted[b] = new MemoryStream(rowsPerBlock * 128);
        for (var first = 0; first < blocks; first += formatted.Length)
        {
            var count = Math.Min(formatted.Length, blocks - first);
            Parallel.For(0, count, b =>
            {
                var buffer = formatted[b];
                buffer.SetLength(0);
                using var csv = new CsvWriter(new StreamWriter(buffer, Utf8, SmallBufferSize, leaveOpen: true));
                var from = (first + b) * rowsPerBlock;
                for (var row = from; row < Math.Min(rowCount, from + rowsPerBlock); row++) writeRow(csv, row);
            });
            for (var b = 0; b < count; b++) formatted[b].WriteTo(file);
        }
    }

    public void Row(params string?[] values)
    {
        foreach (var value in values) Field(value);
        EndRow();
    }

    /// <summary>Appends one field to the current row, quoted when it needs to be.</summary>
    public void Field(string? value) => Field(value.AsSpan());

    public void Field(ReadOnlySpan<char> value)
    {
        Separate();
        if (!value.ContainsAny(NeedsQuoting)) { _writer.Write(value); return; }
        _writer.Write('"');
        foreach (var c in value)
        {
            if (c == '"') _writer.Write('"');
            _writer.Write(c);
        }
        _writer.Write('"');
    }

    /// <summary>Appends fields already formatted as CSV (quoted where needed, commas between).</summary>
    public void FormattedFields(ReadOnlySpan<char> fields)
    {
        Separate();
        _writer.Write(fields);
    }

    /// <summary>Starts a field and hands back the writer for its text, which must need no quoting.</summary>
    public TextWriter UnquotedField()
    {
        Separate();
        return _writer;
    }

    public void EndRow()
    {
        _writer.Write('\n');
        _rowStarted = false;
    }

    private void Separate()
    {
        if (_rowStarted) _writer.Write(',');
        _rowStarted = true;
    }

    public void Dispose() => _writer.Dispose();
}
