using System.Runtime.CompilerServices;

namespace PatientIndex.Core.Text;

/// <summary>
/// Optimal-string-alignment (restricted Damerau–Levenshtein) distance: insertions, deletions,
/// substitutions and adjacent transpositions each cost one. The usual model of a keying error.
/// </summary>
public static class DamerauLevenshtein
{
    /// <summary>The distance, or <paramref name="max"/> + 1 once it is known to exceed <paramref name="max"/>.</summary>
    [SkipLocalsInit]
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        if (a.Length == 0 || b.Length == 0) return Math.Max(a.Length, b.Length);
        if (b.Length > 256) return max + 1;
        var width = b.Length + 1;
        Span<int> twoBack = stackalloc int[width];
        Span<int> previous = stackalloc int[width];
        Span<int> current = stackalloc int[width];
        for (var j = 0; j < width; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, twoBack[j - 2] + 1);
                current[j] = value;
                if (value < rowMin) rowMin = value;
            }
            if (rowMin > max) return max + 1;
            var spare = twoBack;
            twoBack = previous;
            previous = current;
            current = spare;
        }
        return Math.Min(previous[b.Length], max + 1);
    }

    public static bool WithinOneEdit(ReadOnlySpan<char> a, ReadOnlySpan<char> b) => Distance(a, b, 1) <= 1;
}
