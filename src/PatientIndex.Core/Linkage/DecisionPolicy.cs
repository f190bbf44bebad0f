namespace PatientIndex.Core.Linkage;

/// <summary>
/// Link at or above the auto-link threshold, Review between the two thresholds, otherwise no match:
/// by the probability alone, which is the trained model's and already weighs households (twins, a parent
/// and child of one name) as the evidence shows them. No rule overrides it; the one hard guard, two
/// different verified NHS numbers, is a fact about the records and is applied where persons are built
/// (<see cref="Clustering.Contradiction"/>). The defaults favour precision: merging two different people
/// is the worst error an MPI can make, so anything short of near-certainty goes to a person.
/// </summary>
public sealed record DecisionPolicy(double LinkThreshold = 0.95, double ReviewThreshold = 0.5)
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
