using System.Runtime.CompilerServices;

namespace PatientIndex.Core.Comparisons;

/// <summary>
/// The outcome of comparing two records: one level per comparison, plus the term frequencies of
/// the names where they agreed exactly (a "Smith" agreement is worth less than a "Balasubramanian").
/// A value type with no references, so millions of them cost no garbage.
/// </summary>
public struct ComparisonVector
{
    public LevelArray Levels;
    /// <summary>Term frequency of the agreed given name, or 0 when the names were not an exact agreement.</summary>
    public float GivenNameFrequency;
    public float FamilyNameFrequency;

    public readonly byte this[Comparison comparison] => Levels[(int)comparison];

    /// <summary>All levels packed four bits each: the key of a comparison pattern.</summary>
    public readonly ulong Pattern
    {
        get
        {
            ulong key = 0;
            for (var i = 0; i < ComparisonSchema.Count; i++) key |= (ulong)Levels[i] << (4 * i);
            return key;
        }
    }

    public static byte LevelOf(ulong pattern, int comparison) => (byte)((pattern >> (4 * comparison)) & 0xF);
}

[InlineArray(ComparisonSchema.Count)]
public struct LevelArray
{
    private byte _level;
}
