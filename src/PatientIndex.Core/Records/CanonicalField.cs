namespace PatientIndex.Core.Records;

/// <summary>The canonical columns of a source record; their CSV header names are <see cref="CanonicalFields.HeaderOf"/>.</summary>
public enum CanonicalField
{
    Source,
    RecordId,
    NhsNumber,
    NhsNumberVerification,
    OtherId,
    GivenName,
    MiddleNames,
    FamilyName,
    Dob,
    Sex,
    Postcode,
    AddressLine1,
    AddressLine2,
    City,
    Phone,
    Email,
}
