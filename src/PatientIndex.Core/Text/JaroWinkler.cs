using System.Runtime.CompilerServices;

namespace PatientIndex.Core.Text;

/// <summary>
/// Jaro–Winkler similarity, the comparator of choice for short personal names: it forgives
/// transpositions and rewards a shared prefix, where typing errors are least common.
/// Allocates nothing for strings up to 128 characters.
/// </summary>
public static class JaroWinkler
{
    private const double PrefixScale = 0.1;
    private const int MaxPrefix = 4;

    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        if (a.SequenceEqual(b)) return 1;
        var jaro = Jaro(a, b);
        var prefix = 0;
        var limit = Math.Min(MaxPrefix, Math.Min(a.Length, b.Length));
        while (prefix < limit && a[prefix] == b[prefix]) prefix++;
        return jaro + prefix * PrefixScale * (1 - jaro);
    }

    [SkipLocalsInit]
    private static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length > b.Length) { var t = a; a = b; b = t; }
        if (b.Length > 128) return JaroLong(a, b);
        Span<bool> matchedB = stackalloc bool[b.Length];
        Span<char> matchedA = stackalloc char[a.Length];
        matchedB.Clear();
        var window = Math.Max(0, b.Length / 2 - 1);
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var lo = Math.Max(0, i - window);
            var hi = Math.Min(b.Length - 1, i + window);
            for (var j = lo; j <= hi; j++)
            {
                if (matchedB[j] || a[i] != b[j]) continue;
                matchedB[j] = true;
                matchedA[matches++] = a[i];
                break;
            }
        }
        if (matches == 0) return 0;
        var transpositions = 0;
        var k = 0;
        for (var j = 0; j < b.Length; j++)
        {
            if (!matchedB[j]) continue;
            if (b[j] != matchedA[k]) transpositions++;
            k++;
        }
        double m = matches;
        return (m / a.Length + m / b.Length + (m - transpositions / 2.0) / m) / 3.0;
    }

    private static double JaroLong(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        // Long free text is not a name: cheap fallback keeps the hot path allocation-free.
        Jaro(a[..Math.Min(a.Length, 128)], b[..128]);
}
