namespace PatientIndex.Core.Records;

/// <summary>
/// One system's view of a patient, exactly as the source sent it (before normalisation).
/// Keyed by <c>(Source, RecordId)</c>. Every demographic field is optional.
/// </summary>
public sealed record SourceRecord
{
    public required string Source { get; init; }
    public required string RecordId { get; init; }
    public string? NhsNumber { get; init; }
    /// <summary>The NHS Number Verification Status code as sent ("01" present and verified … "08"), where the source gave one.</summary>
    public string? NhsNumberVerification { get; init; }
    /// <summary>Another identifier the sources share, e.g. a National Insurance number.</summary>
    public string? OtherId { get; init; }
    public string? GivenName { get; init; }
    public string? MiddleNames { get; init; }
    public string? FamilyName { get; init; }
    /// <summary>Birth date as sent: ISO <c>yyyy-MM-dd</c> unless the reader was told another format.</summary>
    public string? Dob { get; init; }
    public string? Sex { get; init; }
    public string? Postcode { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? City { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }

    public string? this[CanonicalField field] => field switch
    {
        CanonicalField.Source => Source,
        CanonicalField.RecordId => RecordId,
        CanonicalField.NhsNumber => NhsNumber,
        CanonicalField.NhsNumberVerification => NhsNumberVerification,
        CanonicalField.OtherId => OtherId,
        CanonicalField.GivenName => GivenName,
        CanonicalField.MiddleNames => MiddleNames,
        CanonicalField.FamilyName => FamilyName,
        CanonicalField.Dob => Dob,
        CanonicalField.Sex => Sex,
        CanonicalField.Postcode => Postcode,
        CanonicalField.AddressLine1 => AddressLine1,
        CanonicalField.AddressLine2 => AddressLine2,
        CanonicalField.City => City,
        CanonicalField.Phone => Phone,
        CanonicalField.Email => Email,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>True when both records carry the same values (used to spot conflicting duplicate ids).</summary>
    public bool HasSameDataAs(SourceRecord other) => this == other;
}
