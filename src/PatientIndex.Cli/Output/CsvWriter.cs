using System.Text;

namespace PatientIndex.Cli.Output;

/// <summary>RFC 4180 CSV out: a field is quoted only when it holds a comma, quote or line break.</summary>
public sealed class CsvWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private bool _rowStarted;

    public CsvWriter(string path, params string[] header)
    {
        _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        Row(header);
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
        if (value.IndexOfAny(",\"\r\n") < 0) { _writer.Write(value); return; }
        _writer.Write('"');
        foreach (var c in value)
        {
            if (c == '"') _writer.Write('"');
            _writer.Write(c);
        }
        _writer.Write('"');
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
