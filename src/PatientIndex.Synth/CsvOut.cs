using System.Buffers;
using System.Text;

namespace PatientIndex.Synth;

/// <summary>Writes CSV rows with RFC 4180 quoting: a field is quoted only when it holds a comma, quote or line break.</summary>
internal static class CsvOut
{
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");

    public static StreamWriter Create(string path)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 20) { NewLine = "\n" };
    }

    public static void WriteRow(TextWriter writer, ReadOnlySpan<string?> fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) writer.Write(',');
            WriteField(writer, fields[i]);
        }
        writer.Write('\n');
    }

    private static void WriteField(TextWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.AsSpan().IndexOfAny(NeedsQuoting) < 0)
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        foreach (var c in value)
        {
            if (c == '"') writer.Write('"');
            writer.Write(c);
        }
        writer.Write('"');
    }
}
