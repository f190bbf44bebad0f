using System.Text;

namespace PatientIndex.Extracts;

/// <summary>
/// Reads CSV the way real extracts are written: a byte-order mark, CRLF or LF, RFC 4180 quoting
/// (commas, quotes and line breaks inside quotes), and spaces after the separator, as FEBRL has.
/// A quoted field may run over several lines, but only while the row it makes is well formed: a quote
/// left open, text after the closing quote, or (when <see cref="ExpectedFields"/> is known) a field count
/// other than the header's make the quote a stray one. The row's first line is then reported, not guessed
/// at, and the lines after it are read again as rows of their own, so a stray quote costs one row, never
/// the rows it would otherwise have swallowed.
/// </summary>
/// <param name="reuseFields">Hand back the same fields list for every row, to be read before the next
/// call: a million rows then make no list each.</param>
public sealed class CsvRowReader(TextReader reader, long firstLine = 1, bool reuseFields = false)
{
    /// <summary>A quoted field may hold line breaks, but not this many: past it the quote is taken as stray.</summary>
    internal const int MaxLinesPerRow = 50;
    private readonly StringBuilder _field = new();
    private readonly Queue<string> _replay = new();
    private readonly List<string> _continuation = [];
    private readonly List<ColumnStrings> _columns = [];
    private readonly List<string> _reused = [];
    private readonly LineReader _lines = new(reader);
    private long _nextLine = firstLine;
    /// <summary>Rows of one file have as many fields as each other: lists sized for it are not regrown.</summary>
    private int _fieldsLastRow = 16;

    /// <summary>The next line, valid until the next call: lines are not made into strings unless they must be kept.</summary>
    private bool ReadLine(out ReadOnlySpan<char> line)
    {
        if (_replay.Count > 0) line = _replay.Dequeue();
        else if (!_lines.TryRead(out line)) return false;
        _nextLine++;
        return true;
    }

    /// <summary>Lines read from the text itself (each once, however often it is read again), and lines that held no row.</summary>
    public long PhysicalLines => _lines.LinesRead;

    public long BlankLines { get; private set; }

    /// <summary>Lines read as part of a row that began on an earlier line.</summary>
    public long ContinuationLines { get; private set; }

    /// <summary>How many lines the row last handed out took: one, unless a quoted field in it held line breaks.</summary>
    public int LinesOfLastRow => 1 + _continuation.Count;

    /// <summary>Rows handed out, well formed or not.</summary>
    public long Rows { get; private set; }

    /// <summary>
    /// How many fields a row has (the header's); a row over several lines with another count is taken as
    /// the work of a stray quote. Null reads any count, as RFC 4180 does.
    /// </summary>
    public int? ExpectedFields { get; set; }

    /// <summary>
    /// The quote that opened a field and ran past its line did not make a well-formed row: the first line
    /// is reported alone and the lines after it are read again as rows.
    /// </summary>
    private (List<string>, long, string?) StrayQuote(List<string> fields, long startLine, string problem)
    {
        foreach (var line in _replay) _continuation.Add(line);
        _replay.Clear();
        foreach (var line in _continuation) _replay.Enqueue(line);
        _nextLine = startLine + 1;
        _continuation.Clear();
        return (fields, startLine, $"{problem} (a quote in column {_quotedColumn} not closed on its line; the lines after it are read as rows of their own)");
    }

    private (List<string>, long, string?) Row(List<string> fields, long startLine)
    {
        if (_continuation.Count > 0 && ExpectedFields is { } expected && fields.Count != expected)
            return StrayQuote(fields, startLine, $"expected {expected} fields, found {fields.Count}");
        _fieldsLastRow = fields.Count;
        ContinuationLines += _continuation.Count;
        return (fields, startLine, null);
    }

    private (List<string>, long, string?) Malformed(List<string> fields, long startLine, string problem)
    {
        if (_continuation.Count > 0) return StrayQuote(fields, startLine, problem);
        return (fields, startLine, problem);
    }

    private int _quotedColumn;

    /// <summary>
    /// The columns whose values are wanted, by position; null for all. Any other column's field is read
    /// past and given as empty, so a column nothing maps (a cluster id, say) costs no string per row.
    /// </summary>
    public bool[]? ColumnsWanted { get; set; }

    private bool Wanted(int column) => ColumnsWanted is not { } wanted || (column < wanted.Length && wanted[column]);

    private ColumnStrings ColumnAt(int index)
    {
        while (_columns.Count <= index) _columns.Add(new ColumnStrings());
        return _columns[index];
    }

    /// <summary>The next row's fields, its first line, and an error when the row is malformed; null at the end.</summary>
    public (List<string> Fields, long Line, string? Error)? Next()
    {
        ReadOnlySpan<char> text;
        while (true)
        {
            if (!ReadLine(out text)) return null;
            if (text.Length > 0) break;
            BlankLines++;
        }
        _continuation.Clear();
        Rows++;

        var startLine = _nextLine - 1;
        var fields = reuseFields ? _reused : new List<string>(_fieldsLastRow);
        fields.Clear();
        var position = 0;
        _field.Clear();
        while (true)
        {
            while (position < text.Length && text[position] == ' ') position++;
            if (position < text.Length && text[position] == '"')
            {
                position++;
                while (true)
                {
                    var quote = text[position..].IndexOf('"');
                    if (quote < 0)
                    {
                        _field.Append(text[position..]);
                        if (_continuation.Count == 0) _quotedColumn = fields.Count + 1;
                        if (_continuation.Count >= MaxLinesPerRow || !ReadLine(out var more))
                            return _continuation.Count == 0 ? (fields, startLine, "unterminated quoted field") : StrayQuote(fields, startLine, "unterminated quoted field");
                        // Kept as a string: these lines are read again if the quote turns out to be stray.
                        var continuation = more.ToString();
                        _continuation.Add(continuation);
                        _field.Append('\n');
                        text = continuation;
                        position = 0;
                        continue;
                    }
                    quote += position;
                    _field.Append(text[position..quote]);
                    if (quote + 1 < text.Length && text[quote + 1] == '"') { _field.Append('"'); position = quote + 2; continue; }
                    position = quote + 1;
                    break;
                }
                while (position < text.Length && text[position] == ' ') position++;
                if (position < text.Length && text[position] != ',')
                    return Malformed(fields, startLine, $"unexpected text after a quoted field at column {fields.Count + 1}");
                fields.Add(_field.ToString());
                _field.Clear();
            }
            else
            {
                var comma = text[position..].IndexOf(',');
                var end = comma < 0 ? text.Length : position + comma;
                fields.Add(Wanted(fields.Count) ? ColumnAt(fields.Count).Of(text[position..end].Trim()) : "");
                position = end;
            }
            if (position >= text.Length) return Row(fields, startLine);
            position++; // past the comma
            if (position == text.Length) { fields.Add(""); return Row(fields, startLine); }
        }
    }
}
