using System.Text;

namespace PatientIndex.Extracts;

/// <summary>Reads <c>source,record_id,person_id</c> files: a truth file, or the persons.csv that <c>link</c> writes.</summary>
public static class TruthFile
{
    public static Dictionary<(string Source, string RecordId), string> Read(string path)
    {
        if (!File.Exists(path)) throw new ExtractException($"{path}: no such file");
        using var reader = new StreamReader(path, Encoding.UTF8, true, 1 << 16);
        var csv = new CsvRowReader(reader);
        var header = csv.Next() ?? throw new ExtractException($"{path}: the file is empty (expected a header row)");
        var source = IndexOf(header.Fields, "source", path);
        var recordId = IndexOf(header.Fields, "record_id", path);
        var person = IndexOf(header.Fields, "person_id", path);
        var map = new Dictionary<(string, string), string>();
        while (csv.Next() is { } row)
        {
            if (row.Error is not null || row.Fields.Count != header.Fields.Count)
                throw new ExtractException($"{path}:{row.Line}: malformed row {row.Error}");
            map[(row.Fields[source], row.Fields[recordId])] = row.Fields[person];
        }
        return map;
    }

    private static int IndexOf(List<string> headers, string name, string path)
    {
        var i = headers.FindIndex(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? i : throw new ExtractException($"{path}: no '{name}' column (expected source,record_id,person_id)");
    }

    /// <summary>Pairs of true persons that must never merge, from <c>hard_negatives.csv</c> (person_a,person_b,kind) when present.</summary>
    public static List<(string, string)>? ReadHardNegatives(string? path)
    {
        if (path is null || !File.Exists(path)) return null;
        using var reader = new StreamReader(path, Encoding.UTF8, true);
        var csv = new CsvRowReader(reader);
        csv.Next();
        var pairs = new List<(string, string)>();
        while (csv.Next() is { } row)
            if (row.Error is null && row.Fields.Count >= 2) pairs.Add((row.Fields[0], row.Fields[1]));
        return pairs;
    }
}
