using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Normalisation;
using PatientIndex.Core.Records;

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
        new("nhs_number", (r, i) => BlockKey.Start(i).With(r.NhsNumber).Value, [Comparison.NhsNumber]),
        new("other_id", (r, i) => BlockKey.Start(i).With(r.OtherId).Value, [Comparison.OtherId]),
        new("dob+family_phonetic", (r, i) => BlockKey.Start(i).With(r.Dob).With(r.FamilyNamePhonetic).Value, [Comparison.Dob, Comparison.FamilyName]),
        new("dob+given_phonetic", (r, i) => BlockKey.Start(i).With(r.Dob).With(GivenPhonetic(r)).Value, [Comparison.Dob, Comparison.GivenName]),
        new("dob+given_initial+postcode_district", (r, i) => BlockKey.Start(i).With(r.Dob).With(Initial(r.GivenName)).With(District(r.Postcode)).Value, [Comparison.Dob, Comparison.GivenName, .. Location]),
        new("postcode+given_phonetic", (r, i) => BlockKey.Start(i).With(r.Postcode?.Value).With(GivenPhonetic(r)).Value, [Comparison.GivenName, .. Location]),
        new("names_either_order+birth_year", (r, i) => NamesEitherOrder(r, i).With(BirthDate.Year(r.Dob)).Value, [Comparison.GivenName, Comparison.FamilyName, Comparison.Dob]),
        new("names_either_order", (r, i) => NamesEitherOrder(r, i).Value, [Comparison.GivenName, Comparison.FamilyName], Loose: true),
        new("names+city", (r, i) => BlockKey.Start(i).With(GivenPhonetic(r)).With(r.FamilyNamePhonetic).With(r.City).Value, [Comparison.GivenName, Comparison.FamilyName, .. Location]),
        new("email", (r, i) => BlockKey.Start(i).With(r.Email).Value, [Comparison.Email]),
        new("phone", (r, i) => BlockKey.Start(i).With(r.Phone).Value, [Comparison.Phone], Household: true),
        new("dob", (r, i) => BlockKey.Start(i).With(r.Dob).Value, [Comparison.Dob], Loose: true),
        new("family_phonetic+postcode", (r, i) => BlockKey.Start(i).With(r.FamilyNamePhonetic).With(r.Postcode?.Value).Value, [Comparison.FamilyName, .. Location], Loose: true, Household: true),
        new("address", (r, i) => BlockKey.Start(i).With(r.Address).Value, [.. Location], Loose: true, Household: true),
        new("given_phonetic+city", (r, i) => BlockKey.Start(i).With(GivenPhonetic(r)).With(r.City).Value, [Comparison.GivenName, .. Location], Loose: true),
        new("family_phonetic+city", (r, i) => BlockKey.Start(i).With(r.FamilyNamePhonetic).With(r.City).Value, [Comparison.FamilyName, .. Location], Loose: true, Household: true),
    ];

    private static string? GivenPhonetic(NormalisedRecord r) =>
        r.GivenNamePhonetic.Length > 0 ? r.GivenNamePhonetic : null;

    private static char Initial(string? name) => string.IsNullOrEmpty(name) ? '\0' : name[0];

    private static string? District(Postcode? postcode) => postcode is null ? null : postcode.IsUk ? postcode.District : postcode.Value;

    /// <summary>Given and family phonetic codes in sorted order, so a given/family swap keys alike.</summary>
    private static BlockKey NamesEitherOrder(NormalisedRecord r, int rule)
    {
        var given = GivenPhonetic(r);
        var family = r.FamilyNamePhonetic.Length > 0 ? r.FamilyNamePhonetic : null;
        var key = BlockKey.Start(rule);
        return string.CompareOrdinal(given, family) <= 0 ? key.With(given).With(family) : key.With(family).With(given);
    }
}
