namespace PatientIndex.Ml.Training;

/// <summary>
/// Settles a model's auto-link threshold by linking whole datasets it was neither trained, calibrated
/// nor judged on: pairwise precision on candidate pairs is not the precision of the persons a run
/// writes, where clustering and the contradiction rules have also had their say.
/// </summary>
public interface ILinkThresholdSelection
{
    /// <returns>The auto-link threshold to ship (never below the one <paramref name="model"/> carries), or null to keep it.</returns>
    double? Choose(MatchModel model, TrainerOptions options);
}

/// <summary>One whole linkage run of a selection dataset at one auto-link threshold.</summary>
public sealed record LinkThresholdTrial(double Threshold, string Dataset, Core.Evaluation.PairwiseMetrics Metrics);
