namespace PatientIndex.Ml.Training;

public enum Split
{
    /// <summary>Fits the trees.</summary>
    Train,
    /// <summary>Chooses the trainer, fits the calibration and chooses the thresholds.</summary>
    Calibrate,
    /// <summary>Only reported on: never used to choose anything.</summary>
    Report,
}

/// <summary>
/// One labelled candidate pair: its features, whether it is one person, its split, what FS made of it,
/// and the share of its run's candidate pairs EM expects to match (the prior the run's probabilities rest on).
/// </summary>
public sealed record LabelledPair(float[] Features, bool Match, Split Split, string Dataset, bool HardNegative, double FellegiSunterProbability, double? RunPrior);
