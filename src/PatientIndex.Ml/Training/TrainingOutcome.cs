namespace PatientIndex.Ml.Training;

/// <summary>A trained model and everything measured on the way, for the model card.</summary>
public sealed record TrainingOutcome(
    MatchModel Model,
    FittedTrees MlNet,
    TrainerOptions Options,
    IReadOnlyList<CalibrationComparison> Calibrations,
    IReadOnlyList<TrainerComparison> Trainers,
    IReadOnlyList<SplitCount> Splits,
    IReadOnlyList<ReliabilityBin> Reliability,
    DecisionMetrics HeldOut,
    DecisionMetrics FellegiSunterHeldOut,
    DecisionMetrics FellegiSunterTunedHeldOut,
    IReadOnlyList<(string Dataset, DecisionMetrics Ml, DecisionMetrics Fs)> HeldOutByDataset);

/// <summary>How one trainer did on the calibration split (the split that chose between them).</summary>
public sealed record TrainerComparison(string Trainer, double RecallAtTargetPrecision, double Precision, double LogLoss);

public sealed record SplitCount(string Dataset, Split Split, int Pairs, int Matches, int HardNegatives);
