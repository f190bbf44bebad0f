namespace PatientIndex.Core.Linkage;

/// <summary>
/// Link at or above the auto-link threshold, Review between the two thresholds, otherwise no match.
/// The defaults favour precision: merging two different people is the worst error an MPI can make,
/// so anything short of near-certainty goes to a person, not to the index.
/// </summary>
public sealed record DecisionPolicy(double LinkThreshold = 0.99, double ReviewThreshold = 0.5)
{
    public Decision Decide(double probability) =>
        probability >= LinkThreshold ? Decision.Link
        : probability >= ReviewThreshold ? Decision.Review
        : Decision.NoMatch;

    public IEnumerable<string> Validate()
    {
        if (LinkThreshold is <= 0 or > 1) yield return "the link threshold must be in (0, 1]";
        if (ReviewThreshold is < 0 or > 1) yield return "the review threshold must be in [0, 1]";
        if (ReviewThreshold > LinkThreshold) yield return "the review threshold must not exceed the link threshold";
    }
}
