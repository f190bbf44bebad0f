using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Linkage;

/// <summary>
/// Patterns in a comparison that say what kind of evidence a pair holds: an identifier that agrees, a
/// shared home, the twins' signature. They order links, name review reasons and signal contradictions;
/// they never decide a pair (the model's probability does).
/// </summary>
public static class IdentityEvidence
{
    /// <summary>An NHS number or other identifier that agrees exactly: the strongest evidence there is.</summary>
    public static bool IdentifierAgrees(in ComparisonVector v) =>
        v[Comparison.NhsNumber] == NhsLevel.ExactValid || v[Comparison.OtherId] == IdLevel.Exact;

    /// <summary>
    /// Same birth date, same family name, given names that have nothing in common: twins. Twins' identifiers
    /// get crossed (one twin's number filed on the other's record), so not even a shared identifier makes
    /// such a pair one person without a steward.
    /// </summary>
    public static bool IsTwinSignature(in ComparisonVector v) =>
        v[Comparison.Dob] == DobLevel.Exact && v[Comparison.GivenName] == GivenLevel.Different
        && v[Comparison.FamilyName] is FamilyLevel.Exact or FamilyLevel.Close or FamilyLevel.SharesPart or FamilyLevel.Phonetic;

    /// <summary>What a home shares: the address, a UK postcode unit (or one keystroke off it), or a phone.</summary>
    public static bool SharesHome(in ComparisonVector v) =>
        v[Comparison.Address] is TextLevel.Exact or TextLevel.Close
        || v[Comparison.Postcode] is PostcodeLevel.Unit or PostcodeLevel.OneEdit
        || v[Comparison.Phone] is IdLevel.Exact or IdLevel.Close;
}
