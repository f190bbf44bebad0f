using PatientIndex.Core.Comparisons;
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
    public static string? Between(NormalisedRecord a, NormalisedRecord b)
    {
        if (a.NhsNumberValid && b.NhsNumberValid && a.NhsNumber != b.NhsNumber) return "different valid NHS numbers";
        if (a.Dob != 0 && a.Dob == b.Dob && AreDifferentGivenNames(a, b)) return "same birth date, different given names (twins?)";
        if (PairComparer.Dob(a.Dob, b.Dob) == DobLevel.Different && Math.Abs(a.Dob / 10000 - b.Dob / 10000) >= 12)
            return "birth dates a generation apart (parent and child?)";
        return null;
    }

    private static bool AreDifferentGivenNames(NormalisedRecord a, NormalisedRecord b)
    {
        if (a.GivenName is not { Length: > 1 } x || b.GivenName is not { Length: > 1 } y || x == y) return false;
        var v = PairComparer.Compare(a, b);
        return v[Comparison.GivenName] == GivenLevel.Different;
    }
}
