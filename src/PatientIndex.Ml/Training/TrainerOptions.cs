namespace PatientIndex.Ml.Training;

/// <summary>How a model is trained. Every field is recorded in the model card.</summary>
public sealed record TrainerOptions
{
    public int Seed { get; init; } = 20251124;
    /// <summary>
    /// Fits made from seeds <see cref="Seed"/>, <see cref="Seed"/> + 1, … and averaged into one ensemble. LightGBM
    /// bins a large training set from a sample its seed picks, so one fit's probabilities near the thresholds move
    /// with the seed; the average moves much less.
    /// </summary>
    public int Seeds { get; init; } = 1;
    public int Trees { get; init; } = 300;
    public int Leaves { get; init; } = 16;
    public double LearningRate { get; init; } = 0.1;
    public int MinimumExamplesPerLeaf { get; init; } = 20;
    /// <summary>Cap on how much more a pair of a small dataset weighs than one of the largest.</summary>
    public double MaxSizeWeight { get; init; } = 8;
    /// <summary>Auto-link threshold: the lowest probability whose links reach this precision on the calibration split.</summary>
    public double TargetPrecision { get; init; } = 0.999;
    /// <summary>
    /// The auto-link threshold is never below this probability (Fellegi–Sunter's default). Precision over all
    /// links can reach the target while the pairs at the threshold are far less certain (thousands of sure
    /// links carry a few doubtful ones); with calibrated probabilities this floor makes every single
    /// auto-link at least this likely, whatever the mix of the data.
    /// </summary>
    public double MinimumLinkProbability { get; init; } = 0.95;
    /// <summary>
    /// Auto-link thresholds tried, lowest first, by whole linkage runs over the plan's selection datasets:
    /// the lowest whose runs all keep <see cref="TargetPrecision"/> ships (pairwise over the persons
    /// written, where clustering and the contradiction rules have had their say).
    /// </summary>
    public IReadOnlyList<double> LinkThresholdsToTry { get; init; } = [0.95, 0.96, 0.97, 0.98, 0.99];
    /// <summary>Review threshold: the lowest probability at which the review band's pairs on the calibration split are still this share true matches.</summary>
    public double TargetReviewShare { get; init; } = 0.5;
    /// <summary>The review threshold is never below this probability: a pair three times likelier two people than one is not worth a steward's time.</summary>
    public double MinimumReviewProbability { get; init; } = 0.25;
    /// <summary>How much more a hard-negative pair (twins, parent and child namesakes) weighs in training than another non-match.</summary>
    public double HardNegativeWeight { get; init; } = 10;
    /// <summary>Trainers to try; the one with the best recall at the target precision on the calibration split ships.</summary>
    public IReadOnlyList<string> Trainers { get; init; } = [TrainerKind.LightGbm, TrainerKind.FastTree];
}

public static class TrainerKind
{
    public const string LightGbm = "LightGbm";
    public const string FastTree = "FastTree";
    /// <summary>
    /// LightGBM regression trees fitted as a correction to each pair's Fellegi–Sunter log-odds in its own run:
    /// FS keeps the run's prior and its field-by-field evidence, the trees add what FS's independence misses.
    /// </summary>
    public const string FsCorrection = "FsCorrection";
}
