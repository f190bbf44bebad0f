using System.Runtime.CompilerServices;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Ml;

/// <summary>
/// Scores a pair with the trained model: features from the comparison vector and this run's
/// Fellegi–Sunter weights, the tree ensemble walked directly, then calibrated. Explanations are the
/// trees' own per-feature contributions folded back onto the comparisons and scaled to bits of
/// calibrated log-odds, as FS gives them.
/// </summary>
public sealed class MlMatchScorer(MatchModel model, FellegiSunterModel fellegiSunter) : IMatchScorer
{
    private readonly TreeEnsemble _trees = model.Trees;
    private readonly Calibration _calibration = model.Calibration;

    public string Name => model.Id;

    public MatchModel Model => model;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Score(in ComparisonVector vector, Span<float> contributions)
    {
        Span<float> features = stackalloc float[PairFeatures.Count];
        PairFeatures.Fill(vector, fellegiSunter, features);
        if (contributions.Length < ComparisonSchema.Count) return _calibration.Probability(_trees.Margin(features));

        Span<float> perFeature = stackalloc float[PairFeatures.Count];
        var margin = _trees.Explain(features, perFeature);
        var bits = (float)_calibration.BitsPerMarginUnit(_trees.ExpectedMargin, margin);
        FoldOntoComparisons(features, perFeature, bits, contributions);
        return _calibration.Probability(margin);
    }

    /// <summary>
    /// Each comparison gets its own features' contributions; the total weight's share goes to the
    /// comparisons in proportion to the weight each added to it, and the missing count's to the
    /// comparisons that were missing.
    /// </summary>
    private static void FoldOntoComparisons(ReadOnlySpan<float> features, ReadOnlySpan<float> perFeature, float bits, Span<float> contributions)
    {
        var total = features[PairFeatures.TotalWeight];
        var absolute = 0f;
        var missing = 0;
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            absolute += Math.Abs(features[PairFeatures.WeightFeature(c)]);
            if (features[PairFeatures.LevelFeature(c)] == 0) missing++;
        }
        var totalShare = perFeature[PairFeatures.TotalWeight];
        var missingShare = perFeature[PairFeatures.MissingCount];
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            var weight = features[PairFeatures.WeightFeature(c)];
            var value = perFeature[PairFeatures.LevelFeature(c)] + perFeature[PairFeatures.WeightFeature(c)];
            if (Math.Abs(total) >= 1) value += totalShare * weight / total;
            else if (absolute > 0) value += totalShare * Math.Abs(weight) / absolute;
            if (missing == 0) value += missingShare / ComparisonSchema.Count;
            else if (features[PairFeatures.LevelFeature(c)] == 0) value += missingShare / missing;
            contributions[c] = value * bits;
        }
    }
}
