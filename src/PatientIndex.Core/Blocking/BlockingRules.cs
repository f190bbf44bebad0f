using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Blocking;

/// <summary>
/// The default blocking rules: several independent routes to a candidate, so that one wrong or
/// missing field (a mistyped NHS number, a married name, a house move, a swapped birth date)
/// never hides a true match on its own.
/// </summary>
public static class BlockingRules
{
    /// <summary>
    /// Where someone lives is one fact seen three ways: a rule that fixes the city also makes the postcode
    /// area and the street more alike among strangers, so EM must not learn from any of them there.
    /// </summary>
    private static readonly Comparison[] Location = [Comparison.Postcode, Comparison.Address, Comparison.City];

    public static IReadOnlyList<BlockingRule> Default { get; } =
    [
        new("nhs_number", [BlockPart.NhsNumber], [Comparison.NhsNumber]),
        new("other_id", [BlockPart.OtherId], [Comparison.OtherId]),
        new("dob+family_phonetic", [BlockPart.Dob, BlockPart.FamilyPhonetic], [Comparison.Dob, Comparison.FamilyName]),
        new("dob+given_phonetic", [BlockPart.Dob, BlockPart.GivenPhonetic], [Comparison.Dob, Comparison.GivenName]),
        new("dob+given_initial+postcode_district", [BlockPart.Dob, BlockPart.GivenInitial, BlockPart.PostcodeDistrict], [Comparison.Dob, Comparison.GivenName, .. Location]),
        new("postcode+given_phonetic", [BlockPart.Postcode, BlockPart.GivenPhonetic], [Comparison.GivenName, .. Location]),
        new("names_either_order+birth_year", [BlockPart.NamesEitherOrder, BlockPart.BirthYear], [Comparison.GivenName, Comparison.FamilyName, Comparison.Dob]),
        new("names_either_order", [BlockPart.NamesEitherOrder], [Comparison.GivenName, Comparison.FamilyName], Loose: true),
        new("names+city", [BlockPart.GivenPhonetic, BlockPart.FamilyPhonetic, BlockPart.City], [Comparison.GivenName, Comparison.FamilyName, .. Location]),
        new("email", [BlockPart.Email], [Comparison.Email]),
        new("phone", [BlockPart.Phone], [Comparison.Phone], Household: true),
        new("dob", [BlockPart.Dob], [Comparison.Dob], Loose: true),
        new("family_phonetic+postcode", [BlockPart.FamilyPhonetic, BlockPart.Postcode], [Comparison.FamilyName, .. Location], Loose: true, Household: true),
        new("address", [BlockPart.Address], [.. Location], Loose: true, Household: true),
        new("given_phonetic+city", [BlockPart.GivenPhonetic, BlockPart.City], [Comparison.GivenName, .. Location], Loose: true),
        new("family_phonetic+city", [BlockPart.FamilyPhonetic, BlockPart.City], [Comparison.FamilyName, .. Location], Loose: true, Household: true),
        new("dob+postcode", [BlockPart.Dob, BlockPart.Postcode], [Comparison.Dob, .. Location]),
        // The hard true matches: a nickname, a typo in the family name, a swapped day and month and a move
        // leave no exact field but the year, the family name's sound and the given name's first letter.
        new("family_phonetic+birth_year+given_initial", [BlockPart.FamilyPhonetic, BlockPart.BirthYear, BlockPart.GivenInitial], [Comparison.FamilyName, Comparison.Dob, Comparison.GivenName]),
    ];
}
