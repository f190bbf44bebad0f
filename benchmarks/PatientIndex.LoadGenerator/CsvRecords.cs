using PatientIndex.Api.V1;

namespace PatientIndex.LoadGenerator;

/// <summary>Reads canonical CSV extracts (as <c>synth</c> writes them) into API records.</summary>
internal static class CsvRecords
{
    public static List<PatientRecord> Read(IEnumerable<string> files)
    {
        var records = new List<PatientRecord>();
        foreach (var file in files)
        {
            using var reader = new StreamReader(file);
            var header = Split(reader.ReadLine() ?? "");
            var fields = header.Select(h => PatientRecord.Descriptor.FindFieldByName(h.Trim())).ToArray();
            var source = Path.GetFileNameWithoutExtension(file);
            while (reader.ReadLine() is { } line)
            {
                var values = Split(line);
                var record = new PatientRecord { Source = source };
                for (var i = 0; i < fields.Length && i < values.Count; i++)
                    if (fields[i] is { } field) field.Accessor.SetValue(record, values[i]);
                records.Add(record);
            }
        }
        return records;
    }

    /// <summary>One RFC 4180 line: commas separate, double quotes quote, "" is a quote.</summary>
    private static List<string> Split(string line)
    {
        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { values.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        values.Add(current.ToString());
        return values;
    }
}
