using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Ml;

/// <summary>
/// The features the trained model sees for one compared pair: per comparison its level and the
/// Fellegi–Sunter weight of that level (EM-learnt on the same run, so a field that discriminates
/// well at this site weighs more), then the total weight and how many comparisons are missing.
/// Only what is robust across sites: no raw name frequencies, no dataset sizes, no priors.
/// </summary>
public static class PairFeatures
{
    private const int PerComparison = 2;
    public const int TotalWeight = ComparisonSchema.Count * PerComparison;
    public const int MissingCount = TotalWeight + 1;
    public const int Count = MissingCount + 1;

    /// <summary>Feature names, in order; part of the schema hash.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. ComparisonSchema.Comparisons.SelectMany(c => new[] { c.Name + ".level", c.Name + ".fs_weight" }),
        "fs_total_weight",
        "missing_comparisons",
    ];

    /// <summary>The comparison a feature belongs to, or -1 for the features that summarise all comparisons.</summary>
    public static int ComparisonOf(int feature) => feature < TotalWeight ? feature / PerComparison : -1;

    public static int LevelFeature(int comparison) => comparison * PerComparison;
    public static int WeightFeature(int comparison) => comparison * PerComparison + 1;

    /// <summary>Writes the features of <paramref name="vector"/> into <paramref name="features"/> (<see cref="Count"/> long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(in ComparisonVector vector, FellegiSunterModel fs, Span<float> features)
    {
        var total = 0f;
        var missing = 0;
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            var level = vector.Levels[c];
            var weight = level == 0 ? 0f : fs.Weight(c, level);
            if (c == (int)Comparison.GivenName && vector.GivenNameFrequency > 0) weight += fs.TermFrequency.ForGivenName(vector.GivenNameFrequency);
            else if (c == (int)Comparison.FamilyName && vector.FamilyNameFrequency > 0) weight += fs.TermFrequency.ForFamilyName(vector.FamilyNameFrequency);
            features[c * PerComparison] = level;
            features[c * PerComparison + 1] = weight;
            total += weight;
            if (level == 0) missing++;
        }
        features[TotalWeight] = total;
        features[MissingCount] = missing;
    }

    public static float[] Of(in ComparisonVector vector, FellegiSunterModel fs)
    {
        var features = new float[Count];
        Fill(vector, fs, features);
        return features;
    }

    /// <summary>The text the schema hash is taken of: the engine's comparisons and levels, and these features.</summary>
    public static string Describe() => ComparisonSchema.Describe() + "|" + string.Join(",", Names);

    /// <summary>
    /// A model records the hash it was trained with; the engine refuses one whose hash differs, since
    /// a level renumbered or added would silently change what every feature means.
    /// </summary>
    public static string SchemaHash { get; } =
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Describe())))[..16];
}
