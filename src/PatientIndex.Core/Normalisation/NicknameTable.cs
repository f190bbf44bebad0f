namespace PatientIndex.Core.Normalisation;

/// <summary>
/// Given-name equivalence groups (William/Bill/Will, Margaret/Peggy…), read from the
/// <c>nicknames.csv</c> data file embedded in this assembly. A name may belong to several groups
/// (Al: Albert, Alan, Alexander); two names are equivalent when they share a group.
/// </summary>
public sealed class NicknameTable
{
    private readonly Dictionary<string, int[]> _groupsByName;

    public NicknameTable(IEnumerable<IReadOnlyList<string>> groups)
    {
        var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var id = 0;
        foreach (var group in groups)
        {
            id++;
            foreach (var name in group)
            {
                if (!byName.TryGetValue(name, out var ids)) byName[name] = ids = [];
                if (!ids.Contains(id)) ids.Add(id);
            }
        }
        _groupsByName = byName.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        GroupCount = id;
    }

    public static NicknameTable Default { get; } = LoadEmbedded();

    public int GroupCount { get; }

    /// <summary>The group ids of a normalised given name; empty when it is in no group.</summary>
    public int[] GroupsOf(string? name) =>
        name is not null && _groupsByName.TryGetValue(name, out var ids) ? ids : [];

    public bool AreEquivalent(string a, string b) => SharesGroup(GroupsOf(a), GroupsOf(b));

    public static bool SharesGroup(int[] a, int[] b)
    {
        foreach (var x in a)
            foreach (var y in b)
                if (x == y) return true;
        return false;
    }

    public static NicknameTable Parse(TextReader reader)
    {
        var groups = new List<IReadOnlyList<string>>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var names = line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(n => n.ToLowerInvariant()).ToArray();
            if (names.Length > 1) groups.Add(names);
        }
        return new NicknameTable(groups);
    }

    private static NicknameTable LoadEmbedded()
    {
        using var stream = typeof(NicknameTable).Assembly.GetManifestResourceStream("PatientIndex.Core.nicknames.csv")
            ?? throw new InvalidOperationException("nicknames.csv is not embedded in PatientIndex.Core");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
