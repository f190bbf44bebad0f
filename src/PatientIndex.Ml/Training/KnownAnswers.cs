using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PatientIndex.Extracts;
using PatientIndex.Core.Records;

namespace PatientIndex.Ml.Training;

/// <summary>The truth about a dataset, keyed by (source, record_id): a person per record, hard negatives and labelled pairs.</summary>
public sealed class KnownAnswers
{
    public Dictionary<(string Source, string RecordId), string> PersonOf { get; } = [];
    public List<(string PersonA, string PersonB)> HardNegatives { get; } = [];
    public List<((string, string) Left, (string, string) Right, bool Match)> Pairs { get; } = [];

    public static KnownAnswers Read(DatasetSpec spec, IReadOnlyList<string> files, string? truthFile, string? pairsFile)
    {
        var answers = new KnownAnswers();
        if (truthFile is not null)
        {
            foreach (var (key, person) in TruthFile.Read(truthFile)) answers.PersonOf[key] = person;
            var hard = TruthFile.ReadHardNegatives(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(truthFile))!, "hard_negatives.csv"));
            if (hard is not null) answers.HardNegatives.AddRange(hard);
        }
        if (spec.TruthColumn is { } column)
            foreach (var file in files) answers.ReadTruthColumn(file, spec.Columns, column, spec.TruthPattern);
        if (pairsFile is not null) answers.ReadPairs(pairsFile);
        return answers;
    }

    /// <summary>Truth kept in the extract itself (FEBRL's rec-N-dup-k ids, Splink's cluster column).</summary>
    private void ReadTruthColumn(string file, string? columns, string column, string? pattern)
    {
        using var reader = new StreamReader(file, Encoding.UTF8, true);
        var csv = new CsvRowReader(reader);
        var header = csv.Next()?.Fields ?? throw new ExtractException($"{file}: the file is empty");
        var idAt = ColumnMapping.Parse(columns).Resolve(header, file)[(int)CanonicalField.RecordId][0];
        var truthAt = header.FindIndex(h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
        if (truthAt < 0) throw new ExtractException($"{file}: no truth column '{column}'");
        var regex = pattern is null ? null : new Regex(pattern, RegexOptions.CultureInvariant);
        var source = Path.GetFileNameWithoutExtension(file);
        while (csv.Next() is { } row)
        {
            if (row.Error is not null || row.Fields.Count <= Math.Max(idAt, truthAt)) continue;
            var value = row.Fields[truthAt].Trim();
            if (regex is not null) value = regex.Match(value) is { Success: true } m ? m.Groups[1].Value : "";
            if (value.Length > 0) PersonOf[(source, row.Fields[idAt].Trim())] = value;
        }
    }

    /// <summary>Reads <c>left_source,left_record_id,right_source,right_record_id,label</c>; label 1/0, true/false or a clerical score.</summary>
    private void ReadPairs(string path)
    {
        if (!File.Exists(path)) throw new ExtractException($"{path}: no such file");
        using var reader = new StreamReader(path, Encoding.UTF8, true);
        var csv = new CsvRowReader(reader);
        var header = csv.Next()?.Fields ?? throw new ExtractException($"{path}: the file is empty");
        int At(string name) => header.FindIndex(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
            ? i : throw new ExtractException($"{path}: no '{name}' column (expected left_source,left_record_id,right_source,right_record_id,label)");
        int ls = At("left_source"), lr = At("left_record_id"), rs = At("right_source"), rr = At("right_record_id"), label = At("label");
        while (csv.Next() is { } row)
        {
            if (row.Error is not null || row.Fields.Count != header.Count) throw new ExtractException($"{path}:{row.Line}: malformed row");
            Pairs.Add(((row.Fields[ls], row.Fields[lr]), (row.Fields[rs], row.Fields[rr]), Label(row.Fields[label], path, row.Line)));
        }
    }

    private static bool Label(string text, string path, long line)
    {
        text = text.Trim();
        if (bool.TryParse(text, out var b)) return b;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var score)) return score >= 0.5;
        throw new ExtractException($"{path}:{line}: label '{text}' is not 1/0, true/false or a score");
    }
}
