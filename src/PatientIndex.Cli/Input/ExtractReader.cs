using System.Text;
using PatientIndex.Core.Records;
using PatientIndex.Fhir;

namespace PatientIndex.Cli.Input;

/// <summary>
/// Reads system extracts (CSV or FHIR R4 NDJSON) into source records. Each file is one source
/// (its name without extension) unless a CSV carries a <c>source</c> column. Nothing is dropped
/// silently: a row is a record, an identical repeat of one, or a rejection with its reason.
/// </summary>
public sealed class ExtractReader(ColumnMapping columns)
{
    private readonly Dictionary<(string Source, string RecordId), (SourceRecord Record, string File, long Line)> _seen = new();

    public Extract Read(IReadOnlyList<string> files, Action<long>? bytesRead = null)
    {
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0) throw new CliException(string.Join(Environment.NewLine, missing.Select(f => $"{f}: no such file")));
        var extract = new Extract();
        foreach (var file in files)
        {
            var source = Path.GetFileNameWithoutExtension(file);
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new StreamReader(new CountingStream(stream, bytesRead), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            if (IsNdjson(file)) ReadNdjson(file, source, reader, extract);
            else ReadCsv(file, source, reader, extract);
        }
        return extract;
    }

    private static bool IsNdjson(string file) =>
        Path.GetExtension(file).ToLowerInvariant() is ".ndjson" or ".jsonl" or ".json";

    private void ReadNdjson(string file, string source, StreamReader reader, Extract extract)
    {
        extract.ColumnNames[file] = FhirElementOf;
        foreach (var row in PatientNdjsonReader.Read(reader, source))
        {
            if (row.Record is { } record) Accept(record, file, row.Line, extract);
            else extract.Rejections.Add(new Rejection(file, row.Line, source, row.RawRecordId, row.RejectionReason ?? "unreadable"));
        }
    }

    private void ReadCsv(string file, string source, StreamReader reader, Extract extract)
    {
        var csv = new CsvRowReader(reader);
        var header = csv.Next();
        if (header is null) throw new CliException($"{file}: the file is empty (expected a header row)");
        if (header.Value.Error is { } headerError) throw new CliException($"{file}:1: unreadable header: {headerError}");
        var headers = header.Value.Fields;
        var positions = columns.Resolve(headers, file);
        extract.ColumnNames[file] = field => positions[(int)field].Length == 0
            ? CanonicalFields.HeaderOf(field)
            : string.Join("+", positions[(int)field].Select(p => headers[p]));

        while (csv.Next() is { } row)
        {
            var (fields, line, error) = row;
            var recordId = Value(fields, positions[(int)CanonicalField.RecordId]);
            var rowSource = Value(fields, positions[(int)CanonicalField.Source]) ?? source;
            if (error is not null) { extract.Rejections.Add(new Rejection(file, line, rowSource, recordId, "malformed CSV: " + error)); continue; }
            if (fields.Count != headers.Count)
            {
                extract.Rejections.Add(new Rejection(file, line, rowSource, recordId, $"malformed CSV: expected {headers.Count} fields, found {fields.Count}"));
                continue;
            }
            if (recordId is null) { extract.Rejections.Add(new Rejection(file, line, rowSource, null, "no record_id")); continue; }
            Accept(ToRecord(fields, positions, rowSource, recordId), file, line, extract);
        }
    }

    private void Accept(SourceRecord record, string file, long line, Extract extract)
    {
        var key = (record.Source, record.RecordId);
        if (_seen.TryGetValue(key, out var earlier))
        {
            if (earlier.Record.HasSameDataAs(record)) { extract.IdenticalRepeats++; return; }
            extract.Rejections.Add(new Rejection(file, line, record.Source, record.RecordId,
                $"record_id already seen in source '{record.Source}' ({earlier.File} line {earlier.Line}) with different data"));
            return;
        }
        _seen[key] = (record, file, line);
        extract.Records.Add(record);
        extract.Origins.Add((file, line));
    }

    private static SourceRecord ToRecord(List<string> fields, int[][] positions, string source, string recordId) => new()
    {
        Source = source,
        RecordId = recordId,
        NhsNumber = Value(fields, positions[(int)CanonicalField.NhsNumber]),
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
        if (at.Length == 0) return null;
        var parts = at.Where(p => p < fields.Count && fields[p].Length > 0).Select(p => fields[p]).ToList();
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static string FhirElementOf(CanonicalField field) => field switch
    {
        CanonicalField.NhsNumber => "Patient.identifier",
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
