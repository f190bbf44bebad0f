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
/// <param name="name">What decisions record as their model; the trees' id unless a linkage model names its version.</param>
public sealed class MlMatchScorer(MatchModel model, FellegiSunterModel fellegiSunter, string? name = null) : IMatchScorer
{
    private readonly TreeEnsemble _trees = model.Trees;
    private readonly Calibration _calibration = model.Calibration;
    private readonly double _priorShift = MatchPrior.Shift(model.ReferencePrior, fellegiSunter.CandidateMatchShare);
    private readonly float _prior = PairFeatures.PriorFeature(fellegiSunter);

    public string Name => name ?? model.Id;

    /// <summary>Fewer candidate pairs than this, and EM's weights (the model's inputs) are noise.</summary>
    public const int MinimumPairsToLearnFrom = 200;

    /// <summary>
    /// The scorer for a run: this model, unless EM learnt its weights from too few pairs to mean anything
    /// (a handful of records), where <paramref name="fewPairs"/> scores instead (the service's scorer, when the
    /// model has its parameters), else FS, whose prior learnt on the same pairs absorbs that.
    /// </summary>
    public static IMatchScorer ForRun(MatchModel model, FellegiSunterModel fellegiSunter, string? name = null, Func<IMatchScorer>? fewPairs = null) =>
        fellegiSunter.LearntFromPairs >= MinimumPairsToLearnFrom ? new MlMatchScorer(model, fellegiSunter, name)
        : fewPairs?.Invoke() ?? fellegiSunter;

    public MatchModel Model => model;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Score(in ComparisonVector vector, Span<float> contributions)
    {
        Span<float> features = stackalloc float[PairFeatures.Count];
        PairFeatures.Fill(vector, fellegiSunter, _prior, features);
        var explain = contributions.Length >= ComparisonSchema.Count;
        Span<float> fellegiSunterBits = stackalloc float[explain ? ComparisonSchema.Count : 0];
        var fellegiSunterLogOdds = model.CorrectsFellegiSunter ? MatchPrior.LogOdds(fellegiSunter.Score(vector, fellegiSunterBits)) : 0;
        if (!explain) return Probability(model.Margin(_trees.Margin(features), fellegiSunterLogOdds));

        Span<float> perFeature = stackalloc float[PairFeatures.Count];
        var treeMargin = _trees.Explain(features, perFeature);
        var margin = model.Margin(treeMargin, fellegiSunterLogOdds);
        var bits = _calibration.BitsPerMarginUnit(_trees.ExpectedMargin, treeMargin);
        // A correction held at its limit moved the log-odds less than the trees asked: their shares shrink alike.
        var movedByTrees = margin - fellegiSunterLogOdds;
        if (model.CorrectsFellegiSunter && movedByTrees != treeMargin && Math.Abs(treeMargin - _trees.ExpectedMargin) > 1e-9)
            bits *= (movedByTrees - _trees.ExpectedMargin) / (treeMargin - _trees.ExpectedMargin);
        FoldOntoComparisons(features, perFeature, (float)bits, contributions);
        // A correction's explanation is FS's own, field by field, plus what the trees moved.
        if (model.CorrectsFellegiSunter)
            for (var c = 0; c < ComparisonSchema.Count; c++) contributions[c] += fellegiSunterBits[c];
        return Probability(margin);
    }

    /// <summary>
    /// For a correction with a limit: FS's log-odds moved up by the whole limit, since however the trees
    /// read the pair, they cannot move it further. FS alone costs a thirtieth of the trees.
    /// </summary>
    public double UpperBound(in ComparisonVector vector) =>
        model is { CorrectsFellegiSunter: true, CorrectionLimit: { } limit }
            ? Probability(MatchPrior.LogOdds(fellegiSunter.Score(vector, [])) + limit)
            : 1;

    private double Probability(double margin) => MatchPrior.Apply(_calibration.Probability(margin), _priorShift);

    /// <summary>
    /// Each comparison gets its own features' contributions (level, weight and raw similarities); the total weight's share goes to the
    /// comparisons whose weights pushed the same way (a share against the match to the comparisons that
    /// disagreed, one for it to those that agreed), in proportion to their weights, so a disagreeing
    /// field is never credited with a low total. A comparison with a field missing gets nothing; its share and
    /// the missing count's are left to the starting point, with the population's prior.
    /// </summary>
    private static void FoldOntoComparisons(ReadOnlySpan<float> features, ReadOnlySpan<float> perFeature, float bits, Span<float> contributions)
    {
        // The prior is evidence about the population, not a field: its share goes with the total weight's.
        var totalShare = perFeature[PairFeatures.TotalWeight] + perFeature[PairFeatures.PriorLogOdds];
        var missingShare = perFeature[PairFeatures.MissingCount];
        float sameSign = 0, absolute = 0;
        var missing = 0;
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            var weight = features[PairFeatures.WeightFeature(c)];
            absolute += Math.Abs(weight);
            if (weight * totalShare > 0) sameSign += Math.Abs(weight);
            if (features[PairFeatures.LevelFeature(c)] == 0) missing++;
        }
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            var weight = features[PairFeatures.WeightFeature(c)];
            var value = perFeature[PairFeatures.LevelFeature(c)] + perFeature[PairFeatures.WeightFeature(c)];
            if (sameSign > 0) { if (weight * totalShare > 0) value += totalShare * Math.Abs(weight) / sameSign; }
            else if (absolute > 0) value += totalShare * Math.Abs(weight) / absolute;
            else value += totalShare / ComparisonSchema.Count;
            if (missing == 0) value += missingShare / ComparisonSchema.Count;
            contributions[c] = value * bits;
        }
        for (var f = PairFeatures.FirstSimilarity; f < PairFeatures.Count; f++)
            contributions[PairFeatures.ComparisonOf(f)] += perFeature[f] * bits;
        // A field one record lacks is no evidence about the pair: what the trees make of its absence stays
        // in the starting point the fields move from, so no steward reads "birth date +2" where there is none.
        for (var c = 0; c < ComparisonSchema.Count; c++)
            if (features[PairFeatures.LevelFeature(c)] == 0) contributions[c] = 0;
    }
}
