using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using PatientIndex.Core.Linkage;

namespace PatientIndex.Ml.Training;

/// <summary>
/// Trains the match model: each trainer in the options fits the training split; the one with the
/// best recall at the target precision on the calibration split wins; its trees are copied out,
/// calibrated (Platt or isotonic) and given thresholds on the calibration split; everything reported is
/// measured on the report split, which chose nothing. Given a <paramref name="linkThresholdSelection"/>,
/// the auto-link threshold is then settled by whole linkage runs on data of its own.
/// </summary>
public static class MatchModelTrainer
{
    public static TrainingOutcome Train(IReadOnlyList<LabelledPair> pairs, string modelId, TrainerOptions options,
        ILinkThresholdSelection? linkThresholdSelection = null)
    {
        var train = pairs.Where(p => p.Split == Split.Train).ToList();
        var calibrate = pairs.Where(p => p.Split == Split.Calibrate).ToList();
        var report = pairs.Where(p => p.Split == Split.Report).ToList();
        if (!train.Any(p => p.Match) || !train.Any(p => !p.Match) || !calibrate.Any(p => p.Match))
            throw new InvalidOperationException("training needs matches and non-matches in the training split and matches in the calibration split");

        var candidates = options.Trainers.Select(kind => Candidate(kind, train, calibrate, options)).ToList();
        var winner = candidates.OrderByDescending(c => c.Selection.Recall).ThenBy(c => c.LogLoss).First();

        var model = new MatchModel
        {
            Id = modelId,
            SchemaHash = PairFeatures.SchemaHash,
            Features = PairFeatures.Names,
            Trainer = winner.Kind,
            Calibration = winner.Calibration,
            ReferencePrior = winner.ReferencePrior,
            CorrectsFellegiSunter = winner.Kind == TrainerKind.FsCorrection,
            CorrectionLimit = winner.Kind == TrainerKind.FsCorrection ? CorrectionClip : null,
            Thresholds = winner.Thresholds,
            Ensemble = EnsembleData.Of(winner.Fitted.Trees),
        };
        if (linkThresholdSelection?.Choose(model, options) is { } link)
            model = model with { Thresholds = winner.Thresholds with { Link = link } };
        return Report(model, winner, candidates, pairs, calibrate, report, options);
    }

    /// <summary>Everything measured for the card, on the report split (FS's tuned threshold on the calibration split).</summary>
    private static TrainingOutcome Report(MatchModel model, CandidateModel winner, List<CandidateModel> candidates,
        IReadOnlyList<LabelledPair> pairs, List<LabelledPair> calibrate, List<LabelledPair> report, TrainerOptions options)
    {
        var fsDefaults = new DecisionPolicy();
        var fsName = $"fs ({fsDefaults.LinkThreshold})";
        var ml = Score(report, winner.Fitted.Trees, winner.Calibration, winner.ReferencePrior, winner.Kind == TrainerKind.FsCorrection);
        var fs = FellegiSunterScores(report);
        var fsCalibrate = FellegiSunterScores(calibrate);
        var thresholds = model.Thresholds ?? winner.Thresholds;
        DecisionMetrics Ml(List<ScoredExample> scored) => DecisionMetrics.Of("ml", scored, thresholds.Link, thresholds.Review);
        DecisionMetrics Fs(List<ScoredExample> scored) => DecisionMetrics.Of(fsName, scored, fsDefaults.LinkThreshold, fsDefaults.ReviewThreshold);
        return new TrainingOutcome(
            model, winner.Fitted, options, winner.Calibrations,
            candidates.Select(c => new TrainerComparison(c.Kind, c.Selection.Recall, c.Selection.Precision, c.LogLoss)).ToList(),
            SplitCounts(pairs),
            Reliability.Table(ml),
            Ml(ml),
            Fs(fs),
            FsTuned(fs, fsCalibrate, options),
            ml.GroupBy(e => e.Dataset).OrderBy(g => g.Key)
                .Select(g => (g.Key, Ml(g.ToList()), Fs(fs.Where(e => e.Dataset == g.Key).ToList()))).ToList());
    }

    private static DecisionMetrics FsTuned(List<ScoredExample> fs, List<ScoredExample> fsCalibrate, TrainerOptions options)
    {
        var link = ThresholdChooser.ForPrecision(fsCalibrate, options.TargetPrecision);
        return DecisionMetrics.Of("fs (tuned)", fs, link, ThresholdChooser.ForReviewShare(fsCalibrate, link, options.TargetReviewShare, options.MinimumReviewProbability));
    }

    /// <summary>
    /// A correction's output is already a logistic fit's log-odds (FS's own, moved by one Newton step), in
    /// each run's own prior, so it is used as it is: neither recalibrated at a pooled share of matches nor
    /// moved by the run's share afterwards.
    /// </summary>
    private static readonly Calibration Uncalibrated = new PlattCalibration(1, 0);

    private static (Calibration, IReadOnlyList<CalibrationComparison>, double?) Calibrate(List<LabelledPair> calibrate, TreeEnsemble trees, TrainerOptions options)
    {
        var margins = calibrate.Select(p => trees.Margin(p.Features)).ToList();
        var (calibration, calibrations) = CalibrationChooser.Choose(margins, [.. calibrate.Select(p => p.Match)],
            [.. BalancingWeights(calibrate, options.MaxSizeWeight).Select(w => (double)w)]);
        return (calibration, calibrations, MatchShare(calibrate));
    }

    private static CandidateModel Candidate(string kind, List<LabelledPair> train, List<LabelledPair> calibrate, TrainerOptions options)
    {
        var fitted = FitAveraged(kind, train, options);
        var trees = fitted.Trees;
        var corrects = kind == TrainerKind.FsCorrection;
        var (calibration, calibrations, referencePrior) = corrects
            ? (Uncalibrated, [], (double?)null)
            : Calibrate(calibrate, trees, options);
        var scored = Score(calibrate, trees, calibration, referencePrior, corrects);
        var link = Math.Max(ThresholdChooser.ForPrecision(scored, options.TargetPrecision), options.MinimumLinkProbability);
        var review = ThresholdChooser.ForReviewShare(scored, link, options.TargetReviewShare, options.MinimumReviewProbability);
        var thresholds = new ModelThresholds(link, review, options.TargetPrecision, TargetReviewShare: options.TargetReviewShare);
        var logLoss = scored.Average(e => -Math.Log(Math.Clamp(e.Match ? e.Probability : 1 - e.Probability, 1e-15, 1)));
        return new CandidateModel(kind, fitted, calibration, referencePrior, calibrations, thresholds, DecisionMetrics.Of(kind, scored, link, review), logLoss);
    }

    /// <summary>
    /// <see cref="TrainerOptions.Seeds"/> fits averaged into one ensemble; the ML.NET model kept beside it is the
    /// first fit's, against which the tree copying is checked.
    /// </summary>
    private static FittedTrees FitAveraged(string kind, List<LabelledPair> train, TrainerOptions options)
    {
        var fits = Enumerable.Range(0, Math.Max(1, options.Seeds)).Select(i => Fit(kind, train, options with { Seed = options.Seed + i })).ToList();
        return fits.Count == 1 ? fits[0] : fits[0] with { Trees = TreeEnsemble.Average([.. fits.Select(f => f.Trees)]) };
    }

    /// <summary>Fits one ML.NET trainer single-threaded with a fixed seed (so the same data gives the same trees) and copies its trees out.</summary>
    internal static FittedTrees Fit(string kind, IReadOnlyList<LabelledPair> train, TrainerOptions options)
    {
        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, PairFeatures.Count);
        var weights = BalancingWeights(train, options.MaxSizeWeight, options.HardNegativeWeight);
        var data = ml.Data.LoadFromEnumerable(train.Select((p, i) => new Row { Features = p.Features, Label = p.Match, Weight = weights[i] }), schema);
        var features = train.Select(p => p.Features).ToList();
        switch (kind)
        {
            case TrainerKind.LightGbm:
                var lightGbm = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    NumberOfIterations = options.Trees,
                    ExampleWeightColumnName = nameof(Row.Weight),
                    NumberOfLeaves = options.Leaves,
                    LearningRate = options.LearningRate,
                    MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
                    NumberOfThreads = 1,
                    Seed = options.Seed,
                    UseCategoricalSplit = false,
                    HandleMissingValue = false,
                    Silent = true,
                    Verbose = false,
                }).Fit(data);
                return new FittedTrees(TreeExtraction.Extract(lightGbm.Model.SubModel.TrainedTreeEnsemble!, features), ml, lightGbm, data.Schema);
            case TrainerKind.FastTree:
                var fastTree = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
                {
                    NumberOfTrees = options.Trees,
                    ExampleWeightColumnName = nameof(Row.Weight),
                    NumberOfLeaves = options.Leaves,
                    LearningRate = options.LearningRate,
                    MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
                    NumberOfThreads = 1,
                    Seed = options.Seed,
                    FeatureFirstUsePenalty = 0,
                }).Fit(data);
                return new FittedTrees(TreeExtraction.Extract(fastTree.Model.SubModel.TrainedTreeEnsemble!, features), ml, fastTree, data.Schema);
            case TrainerKind.FsCorrection:
                return FitCorrection(ml, train, options, features);
            default:
                throw new ArgumentException($"unknown trainer '{kind}' (expected {TrainerKind.LightGbm}, {TrainerKind.FastTree} or {TrainerKind.FsCorrection})");
        }
    }

    /// <summary>
    /// Regression trees fitted to one Newton step of logistic regression from each pair's Fellegi–Sunter
    /// log-odds: target (y − p) / (p(1 − p)), clipped, weighted by p(1 − p). Pairs FS is sure of weigh almost
    /// nothing; the trees learn where pairs like the uncertain ones are more or less often one person than FS
    /// says. FS's prior (learnt on each run) and its field-by-field evidence carry over to data of any size.
    /// </summary>
    private static FittedTrees FitCorrection(MLContext ml, IReadOnlyList<LabelledPair> train, TrainerOptions options, List<float[]> features)
    {
        var schema = SchemaDefinition.Create(typeof(CorrectionRow));
        schema[nameof(CorrectionRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, PairFeatures.Count);
        var sizeWeights = SizeWeights(train, options.MaxSizeWeight);
        var rows = train.Select((p, i) =>
        {
            var fs = Math.Clamp(p.FellegiSunterProbability, 1e-6, 1 - 1e-6);
            var spread = fs * (1 - fs);
            var target = Math.Clamp(((p.Match ? 1 : 0) - fs) / spread, -CorrectionClip, CorrectionClip);
            return new CorrectionRow { Features = p.Features, Label = (float)target, Weight = (float)(spread * sizeWeights[i]) };
        });
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var model = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = options.Trees,
            ExampleWeightColumnName = nameof(CorrectionRow.Weight),
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
            NumberOfThreads = 1,
            Seed = options.Seed,
            UseCategoricalSplit = false,
            HandleMissingValue = false,
            Silent = true,
            Verbose = false,
        }).Fit(data);
        return new FittedTrees(TreeExtraction.Extract(model.Model.TrainedTreeEnsemble!, features), ml, model, data.Schema);
    }

    /// <summary>
    /// How far one Newton step may move a pair's log-odds target (LogitBoost's bound), so a pair FS is sure of
    /// and wrong about cannot dominate; and so how far the fitted trees may move FS's log-odds at scoring.
    /// </summary>
    private const double CorrectionClip = 4;

    /// <summary>A smaller dataset's pairs weigh more, by the square root of how much smaller, up to <paramref name="maxSizeWeight"/>.</summary>
    private static double[] SizeWeights(IReadOnlyList<LabelledPair> pairs, double maxSizeWeight)
    {
        var sizes = pairs.GroupBy(p => p.Dataset).ToDictionary(g => g.Key, g => (double)g.Count());
        var largest = sizes.Values.Max();
        return pairs.Select(p => Math.Min(Math.Sqrt(largest / sizes[p.Dataset]), maxSizeWeight)).ToArray();
    }

    /// <summary>
    /// Example weights. First, every dataset gets the same share of matches among its pairs: blocking
    /// makes that share differ by dataset (FEBRL's candidates are nearly all matches, synth's mostly
    /// not), and without this the trees learn which columns a dataset lacks as a sign of its match
    /// rate, a fingerprint that says nothing about pairs from a new site. Then smaller datasets weigh
    /// more per pair (by the square root of how much smaller, up to <paramref name="maxSizeWeight"/>),
    /// so synth's many variants do not drown the real-world error patterns of the public sets. Last, the
    /// hard negatives (twins, a parent and child of one name) weigh <paramref name="hardNegativeWeight"/> times
    /// as much: they are rare among candidates, and merging them is the error that matters most.
    /// </summary>
    internal static float[] BalancingWeights(IReadOnlyList<LabelledPair> pairs, double maxSizeWeight, double hardNegativeWeight = 1)
    {
        var pooled = MatchShare(pairs);
        var shares = pairs.GroupBy(p => p.Dataset).ToDictionary(g => g.Key, g => g.Count(p => p.Match) / (double)g.Count());
        var sizeWeights = SizeWeights(pairs, maxSizeWeight);
        return pairs.Select((p, i) =>
        {
            var share = shares[p.Dataset];
            var prior = Math.Clamp(p.Match ? pooled / share : (1 - pooled) / (1 - share), 0.1, 10);
            return (float)(prior * sizeWeights[i] * (p.HardNegative ? hardNegativeWeight : 1));
        }).ToArray();
    }

    /// <summary>The share of matches the balancing weights give every dataset, and so the prior the calibration is fitted at.</summary>
    private static double MatchShare(IReadOnlyList<LabelledPair> pairs) => pairs.Count(p => p.Match) / (double)pairs.Count;

    /// <summary>
    /// Each pair as its own run would score it: calibrated, then moved by its run's prior (<see cref="MatchPrior"/>);
    /// a correction's margin is added to the pair's own FS log-odds first.
    /// </summary>
    internal static List<ScoredExample> Score(IEnumerable<LabelledPair> pairs, TreeEnsemble trees, Calibration calibration, double? referencePrior, bool corrects) =>
        pairs.Select(p => new ScoredExample(
            MatchPrior.Apply(calibration.Probability(MatchModel.Margin(trees.Margin(p.Features), MatchPrior.LogOdds(p.FellegiSunterProbability), corrects, corrects ? CorrectionClip : null)),
                MatchPrior.Shift(referencePrior, p.RunPrior)),
            p.Match, p.HardNegative, p.Dataset)).ToList();

    private static List<ScoredExample> FellegiSunterScores(IEnumerable<LabelledPair> pairs) =>
        pairs.Select(p => new ScoredExample(p.FellegiSunterProbability, p.Match, p.HardNegative, p.Dataset)).ToList();

    private static List<SplitCount> SplitCounts(IReadOnlyList<LabelledPair> pairs) =>
        pairs.GroupBy(p => (p.Dataset, p.Split)).OrderBy(g => g.Key.Dataset).ThenBy(g => g.Key.Split)
            .Select(g => new SplitCount(g.Key.Dataset, g.Key.Split, g.Count(), g.Count(p => p.Match), g.Count(p => p.HardNegative)))
            .ToList();

    internal sealed class CorrectionRow
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
        public float Weight { get; set; }
    }

    internal sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; }
    }

    private sealed record CandidateModel(string Kind, FittedTrees Fitted, Calibration Calibration, double? ReferencePrior, IReadOnlyList<CalibrationComparison> Calibrations, ModelThresholds Thresholds, DecisionMetrics Selection, double LogLoss);
}

/// <summary>A fitted ML.NET model and its trees copied out; the ML.NET model is kept only to be saved beside them.</summary>
public sealed record FittedTrees(TreeEnsemble Trees, MLContext Ml, ITransformer Transformer, DataViewSchema InputSchema)
{
    /// <summary>Saves the ML.NET model (a zip) so the trees can be checked against ML.NET's own scoring.</summary>
    public void Save(string path) => Ml.Model.Save(Transformer, InputSchema, path);
}
