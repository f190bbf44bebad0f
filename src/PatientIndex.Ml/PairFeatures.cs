using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Ml;

/// <summary>
/// The features the trained model sees for one compared pair: per comparison its level and the
/// Fellegi–Sunter weight of that level (EM-learnt on the same run, so a field that discriminates
/// well at this site weighs more), then the total weight and how many comparisons are missing, then
/// the run's prior (the share of all record pairs EM finds to match, as log-odds), then the raw similarities
/// behind the levels (a level is a band; within it, 0.93 and 0.99 differ). The prior is how big the population
/// is: among a million records two people share a given name and birth date far more often than among ten
/// thousand, so the same agreement is weaker evidence there, as Fellegi–Sunter's λ makes it. No raw name
/// frequencies: those are the weights' business.
/// </summary>
public static class PairFeatures
{
    private const int PerComparison = 2;
    public const int TotalWeight = ComparisonSchema.Count * PerComparison;
    public const int MissingCount = TotalWeight + 1;
    public const int PriorLogOdds = MissingCount + 1;
    public const int FirstSimilarity = PriorLogOdds + 1;

    /// <summary>
    /// A similarity whose comparison is missing. Below every real value, so a tree splits it off with
    /// the dissimilar side, as FS weighs a missing field at zero rather than as an agreement.
    /// </summary>
    public const float Missing = -1;

    /// <summary>The raw similarities, in feature order after <see cref="FirstSimilarity"/>, each with the comparison it explains.</summary>
    private static readonly (string Name, Comparison Of)[] Similarities =
    [
        ("given_name.jaro_winkler", Comparison.GivenName),
        ("family_name.jaro_winkler", Comparison.FamilyName),
        ("dob.days_apart", Comparison.Dob),
        ("dob.same_year", Comparison.Dob),
        ("dob.same_month", Comparison.Dob),
        ("dob.same_day", Comparison.Dob),
        ("postcode.shared_prefix", Comparison.Postcode),
        ("address.jaro_winkler", Comparison.Address),
        ("city.jaro_winkler", Comparison.City),
        ("email.jaro_winkler", Comparison.Email),
        ("address.household_size", Comparison.Address),
        ("address.namesakes_at_home", Comparison.Address),
    ];

    public const int Count = FirstSimilarity + 12;

    /// <summary>Feature names, in order; part of the schema hash.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. ComparisonSchema.Comparisons.SelectMany(c => new[] { c.Name + ".level", c.Name + ".fs_weight" }),
        "fs_total_weight",
        "missing_comparisons",
        "fs_prior_log_odds",
        .. Similarities.Select(s => s.Name),
    ];

    public static int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++) if (Names[i] == name) return i;
        throw new ArgumentException($"no feature '{name}'", nameof(name));
    }

    /// <summary>The comparison a feature belongs to, or -1 for the features that summarise all comparisons.</summary>
    public static int ComparisonOf(int feature) =>
        feature < TotalWeight ? feature / PerComparison
        : feature >= FirstSimilarity ? (int)Similarities[feature - FirstSimilarity].Of
        : -1;

    public static int LevelFeature(int comparison) => comparison * PerComparison;
    public static int WeightFeature(int comparison) => comparison * PerComparison + 1;

    /// <summary>Writes the features of <paramref name="vector"/> into <paramref name="features"/> (<see cref="Count"/> long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(in ComparisonVector vector, FellegiSunterModel fs, Span<float> features) =>
        Fill(vector, fs, PriorFeature(fs), features);

    /// <summary>As <see cref="Fill(in ComparisonVector, FellegiSunterModel, Span{float})"/>, with the run's <see cref="PriorFeature"/> worked out once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(in ComparisonVector vector, FellegiSunterModel fs, float prior, Span<float> features)
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
        features[PriorLogOdds] = prior;
        FillSimilarities(vector, features[FirstSimilarity..]);
    }

    /// <summary>In the order of <see cref="Similarities"/>.</summary>
    private static void FillSimilarities(in ComparisonVector v, Span<float> features)
    {
        features[0] = Present(v, Comparison.GivenName) ? (float)v.GivenNameSimilarity : Missing;
        features[1] = Present(v, Comparison.FamilyName) ? (float)v.FamilyNameSimilarity : Missing;
        var dob = Present(v, Comparison.Dob);
        features[2] = dob ? (float)v.DobDaysApart : Missing;
        features[3] = dob ? Agrees(v.DobPartsAgreeing, DobParts.Year) : Missing;
        features[4] = dob ? Agrees(v.DobPartsAgreeing, DobParts.Month) : Missing;
        features[5] = dob ? Agrees(v.DobPartsAgreeing, DobParts.Day) : Missing;
        features[6] = Present(v, Comparison.Postcode) ? v.PostcodeSharedPrefix : Missing;
        features[7] = Present(v, Comparison.Address) ? (float)v.AddressSimilarity : Missing;
        features[8] = Present(v, Comparison.City) ? (float)v.CitySimilarity : Missing;
        features[9] = Present(v, Comparison.Email) ? (float)v.EmailSimilarity : Missing;
        features[10] = v.HouseholdSize == 0 ? Missing : v.HouseholdSize;
        features[11] = v.NamesakesAtHome == 0 ? Missing : v.NamesakesAtHome;
    }

    /// <summary>
    /// The prior read no higher than a population of about ten thousand people gives: a small extract makes a
    /// coincidence of name and birth date rarer, but not a home's twins, siblings or parent and child, so a
    /// smaller population must never make agreement count for more than the populations the model learnt from.
    /// </summary>
    public const double HighestPrior = 1e-4;

    /// <summary>The prior feature of a run: the same for every pair it scores.</summary>
    public static float PriorFeature(FellegiSunterModel fs) => (float)MatchPrior.LogOdds(Math.Min(fs.MatchProbability, HighestPrior));

    private static bool Present(in ComparisonVector v, Comparison c) => v.Levels[(int)c] != 0;

    private static float Agrees(DobParts parts, DobParts part) => (parts & part) != 0 ? 1 : 0;

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
