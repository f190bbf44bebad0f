namespace PatientIndex.Core.Blocking;

/// <summary>
/// Every record's key under every rule, kept after blocking so that EM can ask which rules find a pair.
/// A record's keys sit side by side: asking whether an earlier rule found a pair reads two short runs,
/// not two scattered values per rule.
/// </summary>
public sealed class RuleKeys(int records, int rules)
{
    private readonly ulong[] _keys = new ulong[(long)records * rules];

    public int Records => records;

    public Span<ulong> Of(int record) => _keys.AsSpan(record * rules, rules);

    public bool Agree(int rule, int a, int b)
    {
        var key = _keys[a * rules + rule];
        return key != 0 && key == _keys[b * rules + rule];
    }
}
