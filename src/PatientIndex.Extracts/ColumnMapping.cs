using PatientIndex.Core.Records;

namespace PatientIndex.Extracts;

/// <summary>
/// Which file headers feed which canonical field. Headers named like a canonical column map to it
/// by themselves; <c>--columns canonical=header</c> maps others, and <c>canonical=h1+h2</c> joins
/// several columns with a space (FEBRL keeps the house number apart from the street).
/// </summary>
public sealed class ColumnMapping
{
    private readonly Dictionary<CanonicalField, string[]> _explicit;

    private ColumnMapping(Dictionary<CanonicalField, string[]> explicitMap) => _explicit = explicitMap;

    public static ColumnMapping None { get; } = new([]);

    /// <summary>Parses <c>canonical=header,...</c>; every problem is reported at once.</summary>
    public static ColumnMapping Parse(string? spec)
    {
        var map = new Dictionary<CanonicalField, string[]>();
        if (string.IsNullOrWhiteSpace(spec)) return new ColumnMapping(map);
        var errors = new List<string>();
        foreach (var entry in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                errors.Add($"--columns: '{entry}' is not of the form canonical=header");
            else if (!CanonicalFields.TryParse(parts[0], out var field))
                errors.Add($"--columns: '{parts[0]}' is not a canonical column (expected one of: {string.Join(", ", CanonicalFields.All.Select(CanonicalFields.HeaderOf))})");
            else
                map[field] = parts[1].Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }
        if (errors.Count > 0) throw new ExtractException(string.Join(Environment.NewLine, errors));
        return new ColumnMapping(map);
    }

    /// <summary>For each canonical field, the header positions that feed it (empty when the file lacks it).</summary>
    public int[][] Resolve(IReadOnlyList<string> headers, string file)
    {
        var positions = new int[CanonicalFields.All.Count][];
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++) byName.TryAdd(headers[i].Trim(), i);
        var errors = new List<string>();
        foreach (var field in CanonicalFields.All)
        {
            if (_explicit.TryGetValue(field, out var names))
            {
                var found = new List<int>();
                foreach (var name in names)
                    if (byName.TryGetValue(name, out var at)) found.Add(at);
                    else errors.Add($"{file}: no column '{name}' (named in --columns for {CanonicalFields.HeaderOf(field)}); the header has: {string.Join(", ", headers)}");
                positions[(int)field] = found.ToArray();
            }
            else
            {
                positions[(int)field] = byName.TryGetValue(CanonicalFields.HeaderOf(field), out var at) ? [at] : [];
            }
        }
        if (positions[(int)CanonicalField.RecordId].Length == 0 && errors.Count == 0)
            errors.Add($"{file}: no record_id column (map one with --columns record_id=HEADER); the header has: {string.Join(", ", headers)}");
        if (errors.Count > 0) throw new ExtractException(string.Join(Environment.NewLine, errors));
        return positions;
    }
}
