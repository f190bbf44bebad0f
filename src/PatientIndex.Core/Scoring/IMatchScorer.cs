using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Scoring;

/// <summary>
/// Turns a comparison vector into a match probability, and says why: one contribution per
/// comparison (in bits of evidence: positive for a match, negative against). The Fellegi–Sunter
/// model is one scorer; a trained model slots in behind the same interface.
/// </summary>
public interface IMatchScorer
{
    /// <summary>A short name recorded with every decision ("fellegi-sunter", a model id…).</summary>
    string Name { get; }

    /// <param name="contributions">Receives one value per comparison, <see cref="ComparisonSchema.Count"/> long; may be empty when no explanation is needed.</param>
    /// <returns>The match probability, 0..1.</returns>
    double Score(in ComparisonVector vector, Span<float> contributions);

    /// <summary>
    /// A probability the pair's cannot exceed, found more cheaply than its score: a bulk run scores and
    /// explains only the pairs whose bound reaches the review threshold, and dismisses the rest unscored.
    /// </summary>
    double UpperBound(in ComparisonVector vector) => 1;
}
