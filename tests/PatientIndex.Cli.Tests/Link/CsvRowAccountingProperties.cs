using System.Text;
using CsCheck;
using PatientIndex.Extracts;

namespace PatientIndex.Cli.Tests.Link;

/// <summary>
/// Random extracts with what real ones carry (quoted fields over several lines, doubled quotes, CRLF, LF
/// and lone CR mixed, blank lines, NULs, a byte-order mark) and with stray quotes thrown in: every row is
/// accounted for, and no clean row is lost or rejected for a neighbour's stray quote.
/// </summary>
public class CsvRowAccountingProperties
{
    private const int Columns = 4;

    [Fact]
    public void every_line_of_a_random_extract_begins_a_row_continues_one_or_is_blank()
    {
        GeneratedFile.Any.Sample(file =>
        {
            var rows = ReadRows(file.Text);
            var covered = new int[file.PhysicalLines + 2];
            covered[1] = 1; // the header
            foreach (var row in rows)
                for (var line = row.Line; line < row.Line + row.Lines; line++) covered[line]++;
            // A blank line between rows may lie inside a row that a stray quote ran over.
            foreach (var blank in file.BlankLines) if (covered[blank] == 0) covered[blank]++;
            for (var line = 1; line <= file.PhysicalLines; line++)
                if (covered[line] != 1) throw new Exception($"line {line} is covered {covered[line]} times (blank: {string.Join(',', file.BlankLines)}; rows {string.Join(',', rows.Select(r => $"{r.Line}+{r.Lines}"))}) in:\n{Escaped([file.Text])}");
        }, iter: 10_000, threads: 1);
    }

    [Fact]
    public void a_clean_row_is_read_as_written_unless_a_well_formed_row_before_it_holds_it()
    {
        GeneratedFile.Any.Sample(file =>
        {
            var rows = ReadRows(file.Text).ToDictionary(r => r.Line);
            foreach (var written in file.Rows.Where(r => !r.Corrupted))
            {
                if (rows.TryGetValue(written.Line, out var read))
                {
                    if (read.Error is not null) throw new Exception($"clean row at line {written.Line} rejected ({read.Error}) in:\n{file.Text}");
                    if (read.Lines != written.Lines || !read.Fields.SequenceEqual(written.Values.Select(AsRead)))
                        throw new Exception($"row at line {written.Line} read as [{Escaped(read.Fields)}] over {read.Lines} lines, written [{Escaped(written.Values)}] over {written.Lines}");
                    continue;
                }
                var holder = rows.Values.SingleOrDefault(r => r.Line < written.Line && written.Line < r.Line + r.Lines);
                if (holder is null || holder.Error is not null || holder.Fields.Count != Columns)
                    throw new Exception($"clean row at line {written.Line} lost in:\n{file.Text}");
            }
        }, iter: 10_000, threads: 1);
    }

    [Fact]
    public void a_whole_run_accounts_for_every_row_of_random_extracts()
    {
        using var temp = new TempDirectory();
        var n = 0;
        GeneratedFile.Any.Sample(file =>
        {
            var path = temp.File($"gp{n++}.csv");
            File.WriteAllBytes(path, file.Bytes);
            var extract = new ExtractReader(ColumnMapping.None).Read([path]);
            var account = Assert.Single(extract.Files.All);
            var rowsStarted = ReadRows(file.Text).Count;
            if (account.RowsRead != rowsStarted || extract.Records.Count + extract.Rejections.Count + extract.IdenticalRepeats != rowsStarted)
                throw new Exception($"{rowsStarted} rows, {extract.Records.Count} records, {extract.Rejections.Count} rejected, {extract.IdenticalRepeats} repeats in:\n{file.Text}");
        }, iter: 500, threads: 1);
    }

    /// <summary>A line break inside a quoted field is read as LF, however the file wrote it.</summary>
    private static string AsRead(string value) => value.Replace("\r\n", "\n").Replace('\r', '\n');

    private static string Escaped(IEnumerable<string> values) =>
        string.Join('|', values.Select(v => string.Concat(v.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:X4}" : c.ToString()))));

    private sealed record ReadRow(long Line, int Lines, List<string> Fields, string? Error);

    /// <summary>The rows after the header, as the reader hands them out.</summary>
    private static List<ReadRow> ReadRows(string text)
    {
        using var reader = new StringReader(text);
        var csv = new CsvRowReader(reader) { ExpectedFields = Columns };
        var rows = new List<ReadRow>();
        while (csv.Next() is { } row) rows.Add(new ReadRow(row.Line, csv.LinesOfLastRow, [.. row.Fields], row.Error));
        return rows.Count == 0 ? rows : rows[1..];
    }

    /// <param name="Line">Where the row begins, counted as <see cref="TextReader.ReadLine"/> counts lines.</param>
    private sealed record WrittenRow(string[] Values, bool Corrupted, long Line, int Lines);

    private sealed record GeneratedFile(string Text, byte[] Bytes, List<WrittenRow> Rows, List<long> BlankLines, long PhysicalLines)
    {
        private static readonly string[] LineBreaks = ["\n", "\r\n", "\r"];

        private static readonly Gen<string> Plain = Gen.String[Gen.Char["abcXYZ019 -'é\0\u00A0"], 1, 8].Select(v => v.Trim()).Where(v => v.Length > 0);

        /// <summary>A value as written: plain, or quoted with what quoting is for (a comma, a doubled quote, a line break).</summary>
        private static readonly Gen<(string Value, string Written)> Field = Gen.Frequency(
            (6, Plain.Select(v => (v, v))),
            (3, Gen.Select(Plain, Gen.Int[0, 4], Gen.Int[0, 2], (v, kind, lineBreak) =>
            {
                var value = kind switch { 0 => v + "," + v, 1 => v + "\"" + v, 2 => v + LineBreaks[lineBreak] + v, 3 => " " + v + " ", _ => v };
                return (value, "\"" + value.Replace("\"", "\"\"") + "\"");
            })),
            (1, Gen.Const(("", ""))));

        /// <summary>A stray quote: one left open, one at the end of a field, or text after a closing one.</summary>
        private static readonly Func<string, string>[] Corruptions =
        [
            w => "\"" + w,
            w => w + "\"",
            w => "\"" + w + "\"x",
            w => w.Length > 1 ? w[..1] + "\"" + w[1..] : w + "\"",
        ];

        private static readonly Gen<Func<string, string>> Corruption = Gen.Int[0, Corruptions.Length - 1].Select(k => Corruptions[k]);

        private static readonly Gen<(string[] Values, string[] Written, int Corrupt, Func<string, string> How, int LineBreak, bool BlankAfter)> Row =
            Gen.Select(Field.Array[Columns], Gen.Int[-Columns * 3, Columns - 1], Corruption, Gen.Int[0, 2], Gen.Int[0, 9],
                (fields, corrupt, how, lineBreak, blank) => (fields.Select(f => f.Value).ToArray(), fields.Select(f => f.Written).ToArray(), corrupt, how, lineBreak, blank == 0));

        public static readonly Gen<GeneratedFile> Any = Gen.Select(Row.Array[1, 30], Gen.Bool, Gen.Bool, Build);

        private static GeneratedFile Build((string[] Values, string[] Written, int Corrupt, Func<string, string> How, int LineBreak, bool BlankAfter)[] rows, bool bom, bool lastLineBroken)
        {
            var text = new StringBuilder("record_id,given_name,family_name,dob\n");
            var starts = new List<(int Offset, string[] Values, bool Corrupted)>();
            var blankOffsets = new List<int>();
            for (var i = 0; i < rows.Length; i++)
            {
                var row = rows[i];
                var written = (string[])row.Written.Clone();
                var corrupted = row.Corrupt >= 0;
                if (corrupted) written[row.Corrupt] = row.How(written[row.Corrupt]);
                // A row that is only one empty field is a blank line, not a row.
                if (written.All(w => w.Length == 0)) written[0] = row.Values[0] = "R" + i;
                starts.Add((text.Length, row.Values, corrupted));
                text.Append(string.Join(',', written));
                var last = i == rows.Length - 1;
                if (last && !lastLineBroken) break;
                // A lone CR before a blank line would be read as one CRLF.
                text.Append(row.BlankAfter && row.LineBreak == 2 ? "\n" : LineBreaks[row.LineBreak]);
                if (row.BlankAfter && !last) { blankOffsets.Add(text.Length); text.Append('\n'); }
            }
            var content = text.ToString();
            var lineAt = LineNumbers(content);
            var writtenRows = starts.Select((s, i) => new WrittenRow(s.Values, s.Corrupted, lineAt[s.Offset],
                (int)(lineAt[i + 1 < starts.Count ? starts[i + 1].Offset : content.Length] - lineAt[s.Offset]) - BlanksBetween(blankOffsets, s.Offset, i + 1 < starts.Count ? starts[i + 1].Offset : content.Length) + (i + 1 < starts.Count || lastLineBroken ? 0 : 1))).ToList();
            var physical = lineAt[content.Length] - (lastLineBroken ? 1 : 0);
            var bytes = Encoding.UTF8.GetBytes(content);
            return new GeneratedFile(content, bom ? [.. Encoding.UTF8.GetPreamble(), .. bytes] : bytes, writtenRows, blankOffsets.Select(o => lineAt[o]).ToList(), physical);
        }

        private static int BlanksBetween(List<int> blanks, int from, int to) => blanks.Count(b => b > from && b < to);

        /// <summary>The line number at each offset, counting CRLF, LF and a lone CR as one break each.</summary>
        private static long[] LineNumbers(string text)
        {
            var lines = new long[text.Length + 1];
            var line = 1L;
            for (var i = 0; i < text.Length; i++)
            {
                lines[i] = line;
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) line++;
            }
            lines[text.Length] = line;
            return lines;
        }
    }
}
