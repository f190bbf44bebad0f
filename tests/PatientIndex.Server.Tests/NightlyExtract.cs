using System.Text;
using PatientIndex.Extracts;

namespace PatientIndex.Server.Tests;

/// <summary>
/// One source's extract as CSV rows, and tonight's version of it: some patients gone, some renamed,
/// some moved house, some new. Each change is counted, so a run's report can be checked exactly.
/// </summary>
internal sealed class NightlyExtract
{
    private NightlyExtract(string header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
    }

    public string Header { get; }
    public List<string[]> Rows { get; }
    private int Column(string name) => Array.IndexOf(Header.Split(','), name);

    public static NightlyExtract Read(string path)
    {
        using var reader = new StreamReader(path);
        var csv = new CsvRowReader(reader);
        var header = string.Join(",", csv.Next()!.Value.Fields);
        var rows = new List<string[]>();
        while (csv.Next() is { } row) rows.Add(row.Fields.ToArray());
        return new NightlyExtract(header, rows);
    }

    public int RecordId => Column("record_id");

    /// <summary>Tonight's extract: <paramref name="gone"/> rows dropped, <paramref name="renamed"/> given another family name,
    /// <paramref name="moved"/> given another row's address, and <paramref name="arrivals"/> rows of other people added under new ids.
    /// The row <paramref name="renameThis"/> names, if any, is kept and renamed.</summary>
    public NightlyExtract Next(int seed, int gone, int renamed, int moved, NightlyExtract arrivalsFrom, int arrivals, string newIdPrefix,
        string? renameThis = null)
    {
        var random = new Random(seed);
        var rows = Rows.Select(r => (string[])r.Clone()).OrderBy(_ => random.Next()).ToList();
        if (rows.FindIndex(r => r[RecordId] == renameThis) is >= 0 and var at)
        {
            var row = rows[at];
            rows.RemoveAt(at);
            rows.Insert(gone, row);
        }
        rows.RemoveRange(0, gone);
        int family = Column("family_name"), postcode = Column("postcode"), line1 = Column("address_line1"), city = Column("city");
        for (var i = 0; i < renamed; i++) rows[i][family] = rows[rows.Count - 1 - i][family] is { Length: > 0 } other && other != rows[i][family] ? other : rows[i][family] + "-Smith";
        for (var i = renamed; i < renamed + moved; i++)
        {
            var from = rows[rows.Count - 1 - i];
            rows[i][postcode] = from[postcode] == rows[i][postcode] ? "ZZ9 9ZZ" : from[postcode];
            rows[i][line1] = from[line1] + " Flat 2";
            rows[i][city] = from[city];
        }
        var id = Column("record_id");
        var added = arrivalsFrom.Rows.Take(arrivals).Select(r => { var copy = (string[])r.Clone(); copy[id] = newIdPrefix + copy[id]; return copy; });
        rows.AddRange(added);
        return new NightlyExtract(Header, rows.OrderBy(_ => random.Next()).ToList());
    }

    /// <summary>What a run of tonight's extract should report against last night's: new, updated, unchanged, withdrawn.</summary>
    public (int New, int Updated, int Unchanged, int Withdrawn) ChangesSince(NightlyExtract lastNight)
    {
        var before = lastNight.Rows.ToDictionary(r => r[RecordId], r => string.Join('\u0001', r));
        var now = Rows.ToDictionary(r => r[RecordId], r => string.Join('\u0001', r));
        var unchanged = now.Count(r => before.TryGetValue(r.Key, out var was) && was == r.Value);
        var updated = now.Count(r => before.TryGetValue(r.Key, out var was) && was != r.Value);
        return (now.Count - unchanged - updated, updated, unchanged, before.Keys.Count(k => !now.ContainsKey(k)));
    }

    public void Write(string path)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var row in Rows) text.AppendJoin(',', row.Select(Quote)).Append('\n');
        File.WriteAllText(path, text.ToString());
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
