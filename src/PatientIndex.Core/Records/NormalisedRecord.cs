using PatientIndex.Core.Normalisation;

namespace PatientIndex.Core.Records;

/// <summary>
/// A source record in the form the engine compares: every field cleaned, coded and split into the
/// parts comparisons and blocking use. Missing values are null (strings) or 0 (dates).
/// </summary>
public sealed class NormalisedRecord
{
    /// <summary>
    /// A copy whose name frequencies can be stamped anew without touching this record's (learning a model
    /// from records the service's index holds, while the index goes on deciding with them).
    /// </summary>
    public NormalisedRecord Copy() => (NormalisedRecord)MemberwiseClone();

    public required string Source { get; init; }
    public required string RecordId { get; init; }

    public string? NhsNumber { get; init; }
    /// <summary>Ten digits with a correct Modulus 11 check digit.</summary>
    public bool NhsNumberValid { get; init; }
    /// <summary>The NHS Number Verification Status code, 01–08, or null when the source did not say.</summary>
    public string? NhsNumberVerification { get; init; }
    public string? OtherId { get; init; }

    /// <summary>First given name, normalised (an initial when only an initial was given).</summary>
    public string? GivenName { get; init; }
    /// <summary>The given-name field's parts joined, when it had more than one (De La Cruz → delacruz); otherwise null.</summary>
    public string? GivenNameJoined { get; init; }
    /// <summary>Further given names, space separated.</summary>
    public string? MiddleNames { get; init; }
    /// <summary>Family name with its parts joined (Smith-Jones → smithjones).</summary>
    public string? FamilyName { get; init; }
    /// <summary>The parts of a multi-part family name; empty for a one-part name.</summary>
    public string[] FamilyNameParts { get; init; } = [];
    public string GivenNamePhonetic { get; init; } = "";
    public string FamilyNamePhonetic { get; init; } = "";
    public int[] GivenNameGroups { get; init; } = [];

    /// <summary><c>yyyymmdd</c>, 0 when missing.</summary>
    public int Dob { get; init; }
    public Sex Sex { get; init; }
    public Postcode? Postcode { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }

    /// <summary>Share of records with this given name (term frequency); set once all records are known.</summary>
    public float GivenNameFrequency { get; set; }
    public float FamilyNameFrequency { get; set; }

    /// <summary>This record's home (<see cref="Linkage.Households.HomeKey"/>), 0 when it has none; set with the counts below.</summary>
    public ulong HomeKey { get; set; }
    /// <summary>Records of this family name at this home, the most any one source holds; 0 when unknown.</summary>
    public int HouseholdSize { get; set; }
    /// <summary>Records of this given and family name at this home, the most any one source holds; 0 when unknown.</summary>
    public int NamesakesAtHome { get; set; }

    public bool HasGivenInitialOnly => GivenName is { Length: 1 };

    /// <summary>
    /// A valid number its source has not marked unverified. Most sources send no status at all, and
    /// their numbers keep the trust they always had; a status other than 01 means the number was never
    /// traced, or is in conflict, and may be another person's.
    /// </summary>
    public bool NhsNumberTrusted => NhsNumberValid && NhsNumberVerification is null or NhsNumberVerificationCode.Verified;
}
