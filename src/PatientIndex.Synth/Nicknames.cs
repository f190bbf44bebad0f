namespace PatientIndex.Synth;

/// <summary>
/// Nicknames and formal forms from the engine's own table (<c>PatientIndex.Core.nicknames.csv</c>), so the
/// variants the generator writes are exactly those the engine is meant to recognise.
/// </summary>
internal sealed class Nicknames
{
    private const string ResourceName = "PatientIndex.Core.nicknames.csv";

    private static readonly Lazy<Nicknames> Shared = new(Load);

    // Lookup only; never enumerated, so its ordering cannot reach the output.
    private readonly Dictionary<string, string[]> _alternatives;

    private Nicknames(Dictionary<string, string[]> alternatives) => _alternatives = alternatives;

    public static Nicknames Instance => Shared.Value;

    /// <summary>
    /// Another form of the given name ("William" → "Bill", "Alfie" → "Alfred"), capitalised, or null when
    /// the table has none. Earlier entries in a group are the commoner forms, so they are drawn more often.
    /// </summary>
    public string? Alternative(string givenName, Random random)
    {
        if (!_alternatives.TryGetValue(Text.LettersOnlyLower(givenName), out var options)) return null;
        var u = random.NextDouble();
        var index = (int)(options.Length * u * u);
        return Text.Capitalise(options[Math.Min(index, options.Length - 1)]);
    }

    public bool Has(string givenName) => _alternatives.ContainsKey(Text.LettersOnlyLower(givenName));

    private static Nicknames Load()
    {
        using var stream = typeof(PatientIndex.Core.Records.SourceRecord).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from PatientIndex.Core.");
        using var reader = new StreamReader(stream);

        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var names = line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length < 2) continue;
            var canonical = names[0];
            for (var i = 1; i < names.Length; i++)
            {
                AddOnce(lists, canonical, names[i]);
                // A nickname's usual alternative is the formal name, not a sibling nickname.
                AddOnce(lists, names[i], canonical);
            }
        }

        var alternatives = new Dictionary<string, string[]>(lists.Count, StringComparer.Ordinal);
        foreach (var (name, list) in lists)
            alternatives.Add(name, list.ToArray());
        return new Nicknames(alternatives);
    }

    private static void AddOnce(Dictionary<string, List<string>> lists, string name, string alternative)
    {
        if (name == alternative) return;
        if (!lists.TryGetValue(name, out var list))
        {
            list = [];
            lists.Add(name, list);
        }
        if (!list.Contains(alternative)) list.Add(alternative);
    }
}
