namespace PatientIndex.Core.Blocking;

/// <summary>
/// Builds a 64-bit block key from parts (FNV-1a). A key of 0 means "this record has no key under
/// this rule" (a part was missing), so records missing a field never block together on it.
/// </summary>
public struct BlockKey
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private ulong _hash;
    private bool _missing;

    public static BlockKey Start(int rule) =>
        rule >= 0 && rule < FirstRules.Length ? FirstRules[rule] : StartAfresh(rule);

    /// <summary>Each of the first rules' starting key, made once: starting is four multiplies, more than a part costs.</summary>
    private static readonly BlockKey[] FirstRules = [.. Enumerable.Range(0, 64).Select(StartAfresh)];

    private static BlockKey StartAfresh(int rule)
    {
        var key = new BlockKey { _hash = Offset };
        key.Mix((ulong)rule);
        return key;
    }

    public BlockKey With(string? part)
    {
        if (string.IsNullOrEmpty(part)) { _missing = true; return this; }
        foreach (var c in part) MixChar(c);
        MixChar('\uFFFF'); // separator: ("ab","c") differs from ("a","bc")
        return this;
    }

    public BlockKey With(char part)
    {
        if (part == '\0') { _missing = true; return this; }
        MixChar(part);
        MixChar('\uFFFF');
        return this;
    }

    public BlockKey With(int part)
    {
        if (part == 0) { _missing = true; return this; }
        Mix((ulong)part);
        MixChar('\uFFFF');
        return this;
    }

    /// <summary>A part already hashed (0 = missing): one multiply, since its bits are mixed already.</summary>
    public BlockKey With(ulong part)
    {
        if (part == 0) { _missing = true; return this; }
        _hash = (_hash ^ part) * Prime;
        return this;
    }

    public readonly ulong Value => _missing ? 0 : _hash == 0 ? 1 : _hash;

    private void MixChar(char c)
    {
        _hash ^= c;
        _hash *= Prime;
    }

    private void Mix(ulong value)
    {
        for (var i = 0; i < 4; i++)
        {
            _hash ^= value & 0xFFFF;
            _hash *= Prime;
            value >>= 16;
        }
    }
}
