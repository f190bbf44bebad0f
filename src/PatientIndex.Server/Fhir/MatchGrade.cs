using PatientIndex.Core.Linkage;
using PatientIndex.Core.Matching;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// The FHIR match-grade of a candidate, from the engine's decision bands: what the engine would link
/// on its own is <c>certain</c>; the review band (what a steward must look at) is split at its
/// midpoint, <c>probable</c> above and <c>possible</c> below; below the review threshold it is no match
/// and is not returned. With the defaults (review 0.5, link 0.99): ≥ 0.99 certain, [0.745, 0.99)
/// probable, [0.5, 0.745) possible.
/// </summary>
public static class MatchGrade
{
    public const string ExtensionUrl = "http://hl7.org/fhir/StructureDefinition/match-grade";
    public const string Certain = "certain";
    public const string Probable = "probable";
    public const string Possible = "possible";

    public static string? Of(ExplainedCandidate candidate, DecisionPolicy policy) => policy.Decide(candidate.Probability) switch
    {
        Decision.Link => Certain,
        Decision.Review when candidate.Probability >= (policy.ReviewThreshold + policy.LinkThreshold) / 2 => Probable,
        Decision.Review => Possible,
        _ => null,
    };
}
