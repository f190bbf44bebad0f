using Hl7.Fhir.Model;
using PatientIndex.Core.Records;
using static PatientIndex.Fhir.Internal.RawElements;

namespace PatientIndex.Fhir;

/// <summary>
/// Maps a FHIR R4 <see cref="Patient"/> to a <see cref="SourceRecord"/>: raw strings, no normalisation
/// (the engine normalises, and warns about values it cannot use, such as a birth date of 1956-02-31),
/// and a stored record back to a Patient.
/// </summary>
/// <remarks>
/// Every element is read through <see cref="Internal.RawElements"/>, never through Firely's typed properties,
/// because those throw when a leniently parsed value is not of the FHIR type (an unknown gender code,
/// a numeric birth date). One odd field must cost that field, not the record.
/// </remarks>
public static class PatientMapper
{
    public const string NhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";

    public static SourceRecord ToSourceRecord(Patient patient, string source)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);

        var recordId = Text(patient, "id");
        if (string.IsNullOrWhiteSpace(recordId))
            throw new ArgumentException("Patient has no id.", nameof(patient));

        var identifiers = Many<Identifier>(patient, "identifier").ToList();
        var nhs = NhsIdentifier(identifiers);
        var name = PreferredName(patient);
        var (given, middle, family) = name is null ? default : NameParts(name);
        var address = PreferredAddress(patient);
        var addressLines = address is null ? [] : Texts(address, "line").ToList();

        return new SourceRecord
        {
            Source = source,
            RecordId = recordId,
            NhsNumber = nhs is null ? null : Text(nhs, "value"),
            NhsNumberVerification = nhs is null ? null : NhsNumberVerificationStatus.Read(nhs),
            OtherId = OtherIdentifierValue(identifiers),
            GivenName = given,
            MiddleNames = middle,
            FamilyName = family,
            Dob = Text(patient, "birthDate"),
            Sex = Text(patient, "gender"),
            AddressLine1 = addressLines.FirstOrDefault(),
            AddressLine2 = addressLines.Count > 1 ? string.Join(", ", addressLines.Skip(1)) : null,
            City = address is null ? null : Text(address, "city"),
            Postcode = address is null ? null : Text(address, "postalCode"),
            Phone = PreferredPhone(patient),
            Email = Telecoms(patient, "email").Select(t => Text(t, "value")).FirstOrDefault(v => v is not null),
        };
    }

    /// <summary>
    /// The record's demographics as a Patient, without a logical id or the record's own identifier (the
    /// caller knows how its sources are named). Values FHIR cannot carry are left out rather than sent
    /// invalid: a birth date that is not a FHIR date, a sex that is no gender code.
    /// </summary>
    public static Patient ToPatient(SourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var patient = new Patient();
        if (NhsIdentifier(record) is { } nhs) patient.Identifier.Add(nhs);
        if (record.OtherId is { } other) patient.Identifier.Add(new Identifier { Value = other });
        if (record.GivenName is not null || record.MiddleNames is not null || record.FamilyName is not null)
            patient.Name.Add(new HumanName
            {
                Use = HumanName.NameUse.Official,
                Family = record.FamilyName,
                Given = new[] { record.GivenName }.Concat(record.MiddleNames?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [])
                    .OfType<string>().ToList(),
            });
        if (record.Dob is { } dob && Date.IsValidValue(dob)) patient.BirthDate = dob;
        patient.Gender = Gender(record.Sex);
        if (ToAddress(record) is { } address) patient.Address.Add(address);
        if (record.Phone is { } phone) patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, phone));
        if (record.Email is { } email) patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, null, email));
        return patient;
    }

    private static AdministrativeGender? Gender(string? sex) => sex?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "m" or "male" or "1" => AdministrativeGender.Male,
        "f" or "female" or "2" => AdministrativeGender.Female,
        "u" or "unknown" or "0" or "9" => AdministrativeGender.Unknown,
        _ => AdministrativeGender.Other,
    };

    private static Address? ToAddress(SourceRecord record)
    {
        if (record.AddressLine1 is null && record.AddressLine2 is null && record.City is null && record.Postcode is null) return null;
        return new Address
        {
            Use = Address.AddressUse.Home,
            Line = new[] { record.AddressLine1, record.AddressLine2 }.OfType<string>().ToList(),
            City = record.City,
            PostalCode = record.Postcode,
        };
    }

    /// <summary>
    /// The identifier in the NHS number system that has a value; failing that, one without (it may still carry a
    /// verification status such as 07, number not present and trace not required).
    /// </summary>
    private static Identifier? NhsIdentifier(List<Identifier> identifiers)
    {
        var inNhsSystem = identifiers.Where(IsNhs).ToList();
        return inNhsSystem.FirstOrDefault(i => Text(i, "value") is not null) ?? inNhsSystem.FirstOrDefault();
    }

    private static Identifier? NhsIdentifier(SourceRecord record)
    {
        var status = NhsNumberVerificationStatus.ToExtension(record.NhsNumberVerification);
        if (record.NhsNumber is null && status is null) return null;
        var identifier = new Identifier(NhsNumberSystem, record.NhsNumber);
        if (status is not null) identifier.Extension.Add(status);
        return identifier;
    }

    /// <summary>The first identifier value outside the NHS number system, one with no system included: a local id is still an id the sources may share.</summary>
    private static string? OtherIdentifierValue(List<Identifier> identifiers) =>
        identifiers.Where(i => !IsNhs(i)).Select(i => Text(i, "value")).FirstOrDefault(v => v is not null);

    private static bool IsNhs(Identifier identifier) => string.Equals(Text(identifier, "system"), NhsNumberSystem, StringComparison.Ordinal);

    private static HumanName? PreferredName(Patient patient)
    {
        var names = Many<HumanName>(patient, "name").ToList();
        return names.FirstOrDefault(n => HasCode(n, "use", "official"))
            ?? names.FirstOrDefault(n => HasCode(n, "use", "usual"))
            ?? names.FirstOrDefault();
    }

    private static (string? Given, string? Middle, string? Family) NameParts(HumanName name)
    {
        var givens = Texts(name, "given").ToList();
        var family = Text(name, "family");
        if (givens.Count > 0 || family is not null)
            return (givens.FirstOrDefault(), givens.Count > 1 ? string.Join(' ', givens.Skip(1)) : null, family);

        // Only the display text: split it naively (first token given, last token family, any between middle).
        // A single token is taken as the family name, the part a source is least likely to omit.
        var tokens = Text(name, "text")?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return tokens.Length switch
        {
            0 => default,
            1 => (null, null, tokens[0]),
            _ => (tokens[0], tokens.Length > 2 ? string.Join(' ', tokens[1..^1]) : null, tokens[^1]),
        };
    }

    private static Address? PreferredAddress(Patient patient)
    {
        var addresses = Many<Address>(patient, "address").ToList();
        return addresses.FirstOrDefault(a => HasCode(a, "use", "home")) ?? addresses.FirstOrDefault();
    }

    private static string? PreferredPhone(Patient patient)
    {
        var phones = Telecoms(patient, "phone").Where(t => Text(t, "value") is not null).ToList();
        var phone = phones.FirstOrDefault(t => HasCode(t, "use", "home"))
            ?? phones.FirstOrDefault(t => HasCode(t, "use", "mobile"))
            ?? phones.FirstOrDefault();
        return phone is null ? null : Text(phone, "value");
    }

    private static IEnumerable<ContactPoint> Telecoms(Patient patient, string system) =>
        Many<ContactPoint>(patient, "telecom").Where(t => HasCode(t, "system", system));
}
