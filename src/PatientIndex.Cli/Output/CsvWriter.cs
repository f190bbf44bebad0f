using System.Text;

namespace PatientIndex.Cli.Output;

/// <summary>RFC 4180 CSV out: a field is quoted only when it holds a comma, quote or line break.</summary>
public sealed class CsvWriter : IDisposable
{
    private readonly StreamWriter _writer;

    public CsvWriter(string path, params string[] header)
    {
        _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        Row(header);
    }

    public void Row(params string?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) _writer.Write(',');
            Field(values[i]);
        }
        _writer.Write('\n');
    }

    private void Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) { _writer.Write(value); return; }
        _writer.Write('"');
        _writer.Write(value.Replace("\"", "\"\""));
        _writer.Write('"');
    }

    public void Dispose() => _writer.Dispose();
}
