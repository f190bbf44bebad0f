using Hl7.Fhir.Model;

namespace PatientIndex.Server.Tests.Fhir;

/// <summary>The GP, hospital and community records of <see cref="Patients"/> as the Patients their FHIR feeds send.</summary>
internal static class PatientResources
{
    public const string Nhs = "https://fhir.nhs.uk/Id/nhs-number";
    public const string VerificationStatus = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
    public const string VerificationCodes = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland";
    public const string Gp = "urn:patientindex:source:gp";
    public const string Hospital = "urn:patientindex:source:hospital";
    public const string Community = "urn:patientindex:source:community";

    public static Patient GpWilliam() => Patient(Gp, "G1001", "9434765919", "Hartley", ["William", "James"], "1984-02-29",
        AdministrativeGender.Male, "LS6 2AB", "14 Cardigan Road", "Leeds");

    public static Patient HospitalBill() => Patient(Hospital, "RR8-556677", "943 476 5919", "HARTLEY", ["Bill"], "1984-02-29",
        AdministrativeGender.Male, "ls62ab", "14 Cardigan Rd", "LEEDS");

    public static Patient CommunityWill() => Patient(Community, "C-77", null, "Hartly", ["William"], "1984-02-29",
        AdministrativeGender.Male, "LS6 2AB", "14 Cardigan Road", "Leeds");

    public static (Patient, Patient) Twins() => (
        Patient(Gp, "T1", "4010232137", "Okafor", ["Oliver"], "2015-06-01", AdministrativeGender.Male, "M14 5RW", "3 Moss Lane", "Manchester"),
        Patient(Gp, "T2", "4010232145", "Okafor", ["Harry"], "2015-06-01", AdministrativeGender.Male, "M14 5RW", "3 Moss Lane", "Manchester"));

    public static Patient Demographics(string family, string[] given, string birthDate) => new()
    {
        Name = [new HumanName { Family = family, Given = given }],
        BirthDate = birthDate,
    };

    public static Patient Patient(string system, string value, string? nhs, string family, string[] given, string birthDate,
        AdministrativeGender gender, string postcode, string line, string city)
    {
        var patient = new Patient
        {
            Identifier = [new Identifier(system, value)],
            Name = [new HumanName { Family = family, Given = given }],
            BirthDate = birthDate,
            Gender = gender,
            Address = [new Address { Line = [line], City = city, PostalCode = postcode }],
        };
        if (nhs is not null) patient.Identifier.Add(new Identifier(Nhs, nhs));
        return patient;
    }
}
