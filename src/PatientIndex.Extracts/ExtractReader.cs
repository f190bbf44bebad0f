using System.Text;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;
using PatientIndex.Fhir;

namespace PatientIndex.Extracts;

/// <summary>
/// Reads system extracts (CSV or FHIR R4 NDJSON) into source records. Each file is one source
/// (its name without extension) unless a CSV carries a <c>source</c> column. Nothing is dropped
/// silently: a row is a record, an identical repeat of one, or a rejection with its reason.
/// </summary>
public sealed class ExtractReader(ColumnMapping columns)
{
    public Extract Read(IReadOnlyList<string> files, Action<long>? bytesRead = null)
    {
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0) throw new ExtractException(string.Join(Environment.NewLine, missing.Select(f => $"{f}: no such file")));
        // Files are parsed side by side; rows are then accepted in file order, so the first of two
        // clashing rows, and the first file's error, are the same as when reading one file at a time.
        var parsed = new ParsedFile[files.Count];
        Parallel.For(0, files.Count, i => parsed[i] = ParsedFile.Of(files[i], () => Parse(files[i], bytesRead)));
        foreach (var file in parsed)
            if (file.Failure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return Accept(parsed);
    }

    /// <summary>Every row in file order: a record, an identical repeat of one, or a rejection.</summary>
    private static Extract Accept(ParsedFile[] parsed)
    {
        var rows = parsed.SelectMany(f => f.Chunks.SelectMany(c => c).Select(row => (f.Path, Row: row))).ToArray();
        var firstWithId = FirstWithSameId(rows);
        var extract = new Extract(rows.Length);
        var accounts = new Dictionary<string, FileAccount>();
        foreach (var file in parsed)
        {
            extract.ColumnNames[file.Path] = file.ColumnNameOf!;
            accounts[file.Path] = extract.Files.Add(file.Path, file.RowsRead);
        }
        for (var i = 0; i < rows.Length; i++)
        {
            var (file, row) = rows[i];
            var account = accounts[file];
            if (row.Record is not { } record) { extract.Rejections.Add(row.Rejection!); account.Rejected++; continue; }
            if (firstWithId[i] < 0)
            {
                extract.Records.Add(record);
                extract.Origins.Add((file, row.Line));
                account.Accepted++;
                foreach (var p in row.Problems ?? []) extract.Warnings.Add(new FieldWarning(file, row.Line, extract.ColumnNames[file](p.Field), p.Value, p.Reason));
                continue;
            }
            var (earlierFile, earlier) = rows[firstWithId[i]];
            if (earlier.Record!.HasSameDataAs(record)) { extract.IdenticalRepeats++; account.IdenticalRepeats++; continue; }
            extract.Rejections.Add(new Rejection(file, row.Line, record.Source, record.RecordId,
                $"record_id already seen in source '{record.Source}' ({earlierFile} line {earlier.Line}) with different data"));
            account.Rejected++;
        }
        extract.Files.CheckEveryRowAccountedFor();
        return extract;
    }

    /// <summary>
    /// For each row, the first row before it with the same source and record id, or -1. Rows are sorted
    /// by a hash of the two, made as each row was read, so only rows whose hashes collide are compared:
    /// a million ids are checked in a fraction of the time a map built one row at a time takes.
    /// </summary>
    private static int[] FirstWithSameId((string File, ParsedRow Row)[] rows)
    {
        var first = new int[rows.Length];
        Array.Fill(first, -1);
        var withRecord = Enumerable.Range(0, rows.Length).Where(i => rows[i].Row.Record is not null).ToArray();
        var hashes = new ulong[withRecord.Length];
        for (var j = 0; j < withRecord.Length; j++) hashes[j] = rows[withRecord[j]].Row.IdHash;
        // Stable, so rows with one hash stay in file order.
        PatientIndex.Core.Blocking.RadixSort.Sort(hashes, withRecord);
        for (int start = 0, end; start < hashes.Length; start = end)
        {
            for (end = start + 1; end < hashes.Length && hashes[end] == hashes[start]; end++) { }
            if (end - start == 1) continue;
            for (var later = start + 1; later < end; later++)
                for (var earlier = start; earlier < later; earlier++)
                    if (first[withRecord[earlier]] < 0 && SameId(rows[withRecord[earlier]].Row.Record!, rows[withRecord[later]].Row.Record!))
                    {
                        first[withRecord[later]] = withRecord[earlier];
                        break;
                    }
        }
        return first;
    }

    private static bool SameId(SourceRecord a, SourceRecord b) => a.RecordId == b.RecordId && a.Source == b.Source;

    private ParsedFile Parse(string file, Action<long>? bytesRead)
    {
        var source = Path.GetFileNameWithoutExtension(file);
        if (IsNdjson(file))
        {
            using var reader = OpenText(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), bytesRead, detectMark: true);
            return ReadNdjson(file, source, reader);
        }
        // Larger than this, the file is streamed on one thread rather than held in memory.
        const long largestInMemory = 1L << 30;
        var data = new FileInfo(file).Length <= largestInMemory ? File.ReadAllBytes(file) : null;
        return ReadCsv(file, source, data, bytesRead);
    }

    private static StreamReader OpenText(Stream stream, Action<long>? bytesRead, bool detectMark) =>
        new(new CountingStream(stream, bytesRead), Encoding.UTF8, detectEncodingFromByteOrderMarks: detectMark, bufferSize: 1 << 16);

    public static bool IsNdjson(string file) =>
        Path.GetExtension(file).ToLowerInvariant() is ".ndjson" or ".jsonl" or ".json";

    private static ParsedFile ReadNdjson(string file, string source, StreamReader reader)
    {
        var parsed = new ParsedFile(file) { ColumnNameOf = FhirElementOf };
        foreach (var row in PatientNdjsonReader.Read(reader, source))
        {
            parsed.RowsRead++;
            if (row.Record is { } record) parsed.Add(Cleaned(record, row.Line, file));
            else parsed.Reject(row.Line, source, row.RawRecordId, row.RejectionReason ?? "unreadable");
        }
        return parsed;
    }

    /// <summary>Reads the header, then the rows, in chunks side by side when the file is in memory and large enough.</summary>
    private ParsedFile ReadCsv(string file, string source, byte[]? data, Action<long>? bytesRead)
    {
        var chunks = data is null ? [new CsvChunks.Chunk(0, 0, 1)] : CsvChunks.Split(data, Environment.ProcessorCount);
        StreamReader Open(CsvChunks.Chunk chunk) => OpenText(data is null
            ? new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)
            : new MemoryStream(data, chunk.Start, chunk.Length, writable: false), bytesRead, detectMark: chunk.Start == 0);

        using var firstReader = Open(chunks[0]);
        var firstRows = new CsvRowReader(firstReader, reuseFields: true);
        var header = firstRows.Next();
        if (header is null) throw new ExtractException($"{file}: the file is empty (expected a header row)");
        if (header.Value.Error is { } headerError) throw new ExtractException($"{file}:1: unreadable header: {headerError}");
        var headers = header.Value.Fields.ToList(); // the reader reuses its list for the rows
        var positions = columns.Resolve(headers, file);
        var wanted = new bool[headers.Count];
        foreach (var position in positions.SelectMany(p => p)) wanted[position] = true;
        firstRows.ColumnsWanted = wanted;
        var parsed = new ParsedFile(file)
        {
            ColumnNameOf = field => positions[(int)field].Length == 0
                ? CanonicalFields.HeaderOf(field)
                : string.Join("+", positions[(int)field].Select(p => headers[p])),
        };
        if (headers.Count != headers.Distinct(StringComparer.OrdinalIgnoreCase).Count())
            throw new ExtractException($"{file}:1: the header names a column twice: {string.Join(", ", headers.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))}");
        firstRows.ExpectedFields = headers.Count;
        var rows = new List<ParsedRow>[chunks.Count];
        var readers = new CsvRowReader[chunks.Count];
        Parallel.For(0, chunks.Count, k =>
        {
            if (k == 0) { rows[k] = ReadRows(readers[k] = firstRows, file, source, headers.Count, positions); return; }
            using var reader = Open(chunks[k]);
            readers[k] = new CsvRowReader(reader, chunks[k].FirstLine, reuseFields: true) { ColumnsWanted = wanted, ExpectedFields = headers.Count };
            rows[k] = ReadRows(readers[k], file, source, headers.Count, positions);
        });
        parsed.Chunks.AddRange(rows);
        parsed.RowsRead = readers.Sum(r => r.Rows) - 1; // less the header
        CheckLinesAccountedFor(file, readers);
        return parsed;
    }

    /// <summary>Every line of the file began a row, continued one, or was blank; a reader that lost a line is a fault to stop on.</summary>
    private static void CheckLinesAccountedFor(string file, CsvRowReader[] readers)
    {
        var lines = readers.Sum(r => r.PhysicalLines);
        var accounted = readers.Sum(r => r.Rows + r.ContinuationLines + r.BlankLines);
        if (lines != accounted)
            throw new ExtractException($"{file}: {lines:N0} lines read but {accounted:N0} accounted for as rows, their continuation lines and blank lines: nothing was linked");
    }

    private static List<ParsedRow> ReadRows(CsvRowReader csv, string file, string source, int headerCount, int[][] positions)
    {
        var rows = new List<ParsedRow>();
        void Reject(long line, string rowSource, string? recordId, string reason) => rows.Add(ParsedRow.Rejected(file, line, rowSource, recordId, reason));
        while (csv.Next() is { } row)
        {
            var (fields, line, error) = row;
            var recordId = Value(fields, positions[(int)CanonicalField.RecordId]);
            var rowSource = Value(fields, positions[(int)CanonicalField.Source]) ?? source;
            if (error is not null) { Reject(line, rowSource, recordId, "malformed CSV: " + error); continue; }
            if (fields.Count != headerCount) { Reject(line, rowSource, recordId, $"malformed CSV: expected {headerCount} fields, found {fields.Count}"); continue; }
            if (recordId is null) { Reject(line, rowSource, null, "no record_id"); continue; }
            rows.Add(Cleaned(ToRecord(fields, positions, rowSource, recordId), line, file));
        }
        return rows;
    }

    /// <summary>The record with control characters taken out of its fields (each a warning), or its rejection when its key holds one.</summary>
    private static ParsedRow Cleaned(SourceRecord record, long line, string file)
    {
        if (AllClean(record)) return ParsedRow.Read(record, line);
        var problems = new List<FieldProblem>();
        var (cleaned, refusal) = TextHygiene.Clean(record, problems);
        if (cleaned is null) return ParsedRow.Rejected(file, line, Printable(record.Source), Printable(record.RecordId), refusal!);
        return ParsedRow.Read(cleaned, line) with { Problems = [.. problems] };
    }

    private static bool AllClean(SourceRecord record) => CanonicalFields.All.All(f => TextHygiene.IsClean(record[f]));

    /// <summary>A key as it may be written to rejected.csv: its unwanted characters shown as code points.</summary>
    private static string Printable(string value) => TextHygiene.IsClean(value) ? value
        : string.Concat(value.Select(c => TextHygiene.IsClean(c.ToString()) ? c.ToString() : $"<U+{(int)c:X4}>"));

    /// <param name="IdHash">A hash of the record's source and id, made while its strings are at hand, to find repeated ids by.</param>
    private readonly record struct ParsedRow(SourceRecord? Record, long Line, Rejection? Rejection, ulong IdHash = 0)
    {
        /// <summary>Fields that had characters taken out, to be warned about once the record is accepted.</summary>
        public FieldProblem[]? Problems { get; init; }

        public static ParsedRow Read(SourceRecord record, long line) =>
            new(record, line, null, (ulong)(uint)record.Source.GetHashCode() << 32 | (uint)record.RecordId.GetHashCode());

        public static ParsedRow Rejected(string file, long line, string source, string? recordId, string reason) =>
            new(null, line, new Rejection(file, line, source, recordId, reason));
    }

    /// <summary>One file's rows as read, before they are checked against the rows of every other file.</summary>
    private sealed class ParsedFile(string path)
    {
        public string Path { get; } = path;
        public Func<CanonicalField, string>? ColumnNameOf { get; init; }
        /// <summary>The rows in file order: one list per chunk read side by side, kept as read rather than copied into one.</summary>
        public List<List<ParsedRow>> Chunks { get; } = [];
        public Exception? Failure { get; private init; }
        /// <summary>Rows the reader handed out, counted apart from the rows kept, to check that none went astray.</summary>
        public long RowsRead { get; set; }

        public void Add(ParsedRow row)
        {
            if (Chunks.Count == 0) Chunks.Add([]);
            Chunks[^1].Add(row);
        }

        public void Reject(long line, string source, string? recordId, string reason) =>
            Add(ParsedRow.Rejected(Path, line, source, recordId, reason));

        public static ParsedFile Of(string path, Func<ParsedFile> parse)
        {
            try { return parse(); }
            catch (Exception e) when (e is ExtractException or IOException or UnauthorizedAccessException) { return new ParsedFile(path) { Failure = e }; }
        }
    }

    private static SourceRecord ToRecord(List<string> fields, int[][] positions, string source, string recordId) => new()
    {
        Source = source,
        RecordId = recordId,
        NhsNumber = Value(fields, positions[(int)CanonicalField.NhsNumber]),
        NhsNumberVerification = Value(fields, positions[(int)CanonicalField.NhsNumberVerification]),
        OtherId = Value(fields, positions[(int)CanonicalField.OtherId]),
        GivenName = Value(fields, positions[(int)CanonicalField.GivenName]),
        MiddleNames = Value(fields, positions[(int)CanonicalField.MiddleNames]),
        FamilyName = Value(fields, positions[(int)CanonicalField.FamilyName]),
        Dob = Value(fields, positions[(int)CanonicalField.Dob]),
        Sex = Value(fields, positions[(int)CanonicalField.Sex]),
        Postcode = Value(fields, positions[(int)CanonicalField.Postcode]),
        AddressLine1 = Value(fields, positions[(int)CanonicalField.AddressLine1]),
        AddressLine2 = Value(fields, positions[(int)CanonicalField.AddressLine2]),
        City = Value(fields, positions[(int)CanonicalField.City]),
        Phone = Value(fields, positions[(int)CanonicalField.Phone]),
        Email = Value(fields, positions[(int)CanonicalField.Email]),
    };

    private static string? Value(List<string> fields, int[] at)
    {
        if (at.Length == 1) return at[0] < fields.Count && fields[at[0]].Length > 0 ? fields[at[0]] : null;
        return at.Length == 0 ? null : Joined(fields, at);
    }

    // Apart from Value, so the lambda's closure is made only for a field mapped from several columns,
    // not for each of a million rows' sixteen fields.
    private static string? Joined(List<string> fields, int[] at)
    {
        var parts = at.Where(p => p < fields.Count && fields[p].Length > 0).Select(p => fields[p]).ToList();
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static string FhirElementOf(CanonicalField field) => field switch
    {
        CanonicalField.NhsNumber => "Patient.identifier",
        CanonicalField.NhsNumberVerification => "Patient.identifier.extension",
        CanonicalField.OtherId => "Patient.identifier",
        CanonicalField.GivenName or CanonicalField.MiddleNames => "Patient.name.given",
        CanonicalField.FamilyName => "Patient.name.family",
        CanonicalField.Dob => "Patient.birthDate",
        CanonicalField.Sex => "Patient.gender",
        CanonicalField.Postcode => "Patient.address.postalCode",
        CanonicalField.AddressLine1 or CanonicalField.AddressLine2 => "Patient.address.line",
        CanonicalField.City => "Patient.address.city",
        CanonicalField.Phone or CanonicalField.Email => "Patient.telecom",
        _ => "Patient.id",
    };
}
