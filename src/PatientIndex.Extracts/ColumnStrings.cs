namespace PatientIndex.Extracts;

/// <summary>
/// One column's repeated values shared as one string each. An extract of a million rows holds a few
/// thousand first names, birth dates and postcodes; keeping one copy of each spares the garbage
/// collector millions of long-lived strings. A column whose values hardly repeat (record ids) stops
/// being pooled once that is clear, and a pool stops growing at a fixed size.
/// </summary>
internal sealed class ColumnStrings
{
    private const int Sample = 1 << 14;
    private const int MaxStrings = 1 << 16;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byText;
    private int _seen;
    private bool _pooling = true;

    public ColumnStrings() => _byText = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Of(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return "";
        if (!_pooling) return text.ToString();
        if (++_seen == Sample && _strings.Count > Sample / 2) Stop();
        else if (_byText.TryGetValue(text, out var shared)) return shared;
        var value = text.ToString();
        if (_pooling && _strings.Count < MaxStrings) _strings.Add(value, value);
        return value;
    }

    private void Stop()
    {
        _pooling = false;
        _strings.Clear();
        _strings.TrimExcess();
    }
}
