using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;

namespace PatientIndex.Core.Clustering;

/// <summary>
/// Evidence strong enough that two records are different people, whatever else agrees. One person
/// must never hold two such records, however good the chain of links between them looks: this is
/// what keeps twins and parent/child namesakes apart.
/// </summary>
public static class Contradiction
{
    /// <summary>Why the two records cannot be one person, or null when nothing forbids it.</summary>
    /// <param name="wouldLink">Whether the pair, scored on its own, is likelier one person than two
    /// (<see cref="Overcome"/>): a household signature (twins, namesakes) forbids only a pair whose own
    /// evidence says two people; where the model finds one person likelier, the signature is a data error.</param>
    public static string? Between(NormalisedRecord a, NormalisedRecord b, Func<ComparisonVector, bool> wouldLink)
    {
        // An unverified number may be the wrong one, so only two trusted numbers that differ forbid a link.
        if (a.NhsNumberTrusted && b.NhsNumberTrusted && a.NhsNumber != b.NhsNumber) return "different valid NHS numbers";
        if (!CouldSignal(a, b)) return null;
        var v = PairComparer.Compare(a, b);
        var signature = HouseholdSignature(a, b, v);
        return signature is not null && !wouldLink(v) ? signature : null;
    }

    private static string? HouseholdSignature(NormalisedRecord a, NormalisedRecord b, in ComparisonVector v)
    {
        // A shared identifier outweighs a name or date that looks different: that is a data error, not a second person.
        if (SharesIdentifier(v)) return null;
        if (IdentityEvidence.IsTwinSignature(v)) return "same birth date, different given names (twins?)";
        if (v[Comparison.Dob] == DobLevel.Different && YearsApart(a.Dob, b.Dob) >= GenerationYears)
            return "birth dates a generation apart (parent and child?)";
        return null;
    }

    private const int GenerationYears = 12;

    /// <summary>Whether a pair's own probability outweighs a household signature: at least even odds of one person.</summary>
    public static bool Overcome(double probability) => probability >= 0.5;

    private static int YearsApart(int a, int b) => Math.Abs(a / 10000 - b / 10000);

    /// <summary>
    /// The twins' signature needs the same birth date under two given names, the namesakes' two birth
    /// dates a generation apart; any other pair is not compared in full, which spares clustering
    /// nearly all of its comparisons (most links join records with the same name and birth date).
    /// </summary>
    private static bool CouldSignal(NormalisedRecord a, NormalisedRecord b) =>
        a.Dob != 0 && b.Dob != 0
        && (a.Dob == b.Dob ? a.GivenName is not null && b.GivenName is not null && a.GivenName != b.GivenName
            : YearsApart(a.Dob, b.Dob) >= GenerationYears);

    private static bool SharesIdentifier(in ComparisonVector v) =>
        v[Comparison.NhsNumber] is NhsLevel.ExactValid or NhsLevel.ExactInvalid or NhsLevel.OneEdit
        || v[Comparison.OtherId] is IdLevel.Exact or IdLevel.Close;
}
