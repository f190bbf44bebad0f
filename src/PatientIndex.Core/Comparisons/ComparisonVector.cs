using System.Runtime.CompilerServices;

namespace PatientIndex.Core.Comparisons;

/// <summary>
/// The outcome of comparing two records: one level per comparison, plus the term frequencies of
/// the names where they agreed exactly (a "Smith" agreement is worth less than a "Balasubramanian"),
/// plus the raw similarities the levels were cut from, so a scorer can tell a JW of 0.93 from 0.99.
/// A value type with no references, so millions of them cost no garbage; the similarities are halves
/// (three significant digits is all a comparator's score carries) to keep it small.
/// A similarity is 0 where its comparison is missing: read the level to tell the two apart.
/// </summary>
public struct ComparisonVector
{
    public LevelArray Levels;
    /// <summary>Term frequency of the agreed given name, or 0 when the names were not an exact agreement.</summary>
    public float GivenNameFrequency;
    public float FamilyNameFrequency;
    /// <summary>Jaro–Winkler of the given names (in a swap, of one's given name against the other's family name).</summary>
    public Half GivenNameSimilarity;
    /// <summary>Jaro–Winkler of the family names (in a swap, of one's family name against the other's given name).</summary>
    public Half FamilyNameSimilarity;
    public Half AddressSimilarity;
    public Half CitySimilarity;
    public Half EmailSimilarity;
    /// <summary>Days between the two birth dates.</summary>
    public Half DobDaysApart;
    /// <summary>Which parts of the birth dates agree: <see cref="DobParts"/> flags.</summary>
    public DobParts DobPartsAgreeing;
    /// <summary>Characters the two normalised postcodes share from the start.</summary>
    public byte PostcodeSharedPrefix;
    /// <summary>Where the two records share a home (<see cref="Records.NormalisedRecord.HomeKey"/>): the most records of it one source holds; 0 otherwise.</summary>
    public byte HouseholdSize;
    /// <summary>Where they share a home and their given names agree (exactly, but for a typo, or as a nickname): the most records of either's given name at that home one source holds; 0 otherwise.</summary>
    public byte NamesakesAtHome;

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
