using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Linkage;

/// <summary>
/// A pair may be linked automatically only with evidence about the person, not just the home:
/// an agreeing identifier, or a given name and birth date that agree (one may be missing) and do not
/// disagree. People who share an address, surname and phone — spouses, siblings, twins, a parent and
/// child — agree on everything a household shares, and no score built from those fields may merge them.
/// </summary>
public static class IdentityEvidence
{
    /// <summary>An NHS number or other identifier that agrees exactly: the strongest evidence there is.</summary>
    public static bool IdentifierAgrees(in ComparisonVector v) =>
        v[Comparison.NhsNumber] == NhsLevel.ExactValid || v[Comparison.OtherId] == IdLevel.Exact;

    public static bool IsPresent(in ComparisonVector v)
    {
        if (v[Comparison.NhsNumber] is NhsLevel.ExactValid or NhsLevel.ExactInvalid or NhsLevel.OneEdit) return true;
        if (v[Comparison.OtherId] is IdLevel.Exact or IdLevel.Close) return true;
        // Two identifiers that both disagree outright outweigh any agreement of names and dates.
        if (v[Comparison.NhsNumber] == NhsLevel.Different && v[Comparison.OtherId] == IdLevel.Different) return false;
        var given = v[Comparison.GivenName];
        var dob = v[Comparison.Dob];
        if (given == GivenLevel.Different || dob == DobLevel.Different) return false;
        // In a shared home a missing birth date is no agreement: John Smith senior and junior differ in nothing else.
        if (SharesHome(v) && (dob == 0 || LooksLikeSiblings(given, dob) || v[Comparison.Sex] == SexLevel.Different
            || LooksLikeHousemates(v[Comparison.FamilyName], dob))) return false;
        return given != 0 || dob != 0;
    }

    /// <summary>
    /// Same birth date, same family name, given names that have nothing in common: twins. Twins' identifiers
    /// get crossed (one twin's number filed on the other's record), so not even a shared identifier makes
    /// such a pair one person without a steward.
    /// </summary>
    public static bool IsTwinSignature(in ComparisonVector v) =>
        v[Comparison.Dob] == DobLevel.Exact && v[Comparison.GivenName] == GivenLevel.Different
        && v[Comparison.FamilyName] is FamilyLevel.Exact or FamilyLevel.Close or FamilyLevel.SharesPart or FamilyLevel.Phonetic;

    /// <summary>
    /// Within one home, siblings are the risk: their names can sound alike (Holly, Hollie) or start
    /// alike (Jack, James), a brother and sister can share a nickname (Alex), and they are born a few
    /// years apart. There, a name that only sounds alike or shares an initial is not agreement, nor is
    /// a different sex, and a birth date years out agrees only alongside the very same given name.
    /// </summary>
    private static bool LooksLikeSiblings(byte given, byte dob) =>
        given is GivenLevel.Phonetic or GivenLevel.Initial || (dob == DobLevel.WithinTenYears && given != GivenLevel.Exact);

    /// <summary>
    /// Two people of one given name under one roof with different family names (a lodger, a stepfather
    /// and stepson, a care home's residents) share everything a home gives. A married name is no
    /// evidence against one person, but then the birth date must agree all but a keystroke: a family name
    /// and a birth date that both differ are two facts against, and the pair goes to a steward.
    /// </summary>
    private static bool LooksLikeHousemates(byte family, byte dob) =>
        family == FamilyLevel.Different && dob is not (DobLevel.Exact or DobLevel.DayMonthSwapped or DobLevel.OneEdit);

    private static bool SharesHome(in ComparisonVector v) =>
        v[Comparison.Address] is TextLevel.Exact or TextLevel.Close
        || v[Comparison.Postcode] is PostcodeLevel.Unit or PostcodeLevel.OneEdit
        || v[Comparison.Phone] is IdLevel.Exact or IdLevel.Close;
}
