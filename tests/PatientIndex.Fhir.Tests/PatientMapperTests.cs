using Hl7.Fhir.Model;
using PatientIndex.Core.Records;

namespace PatientIndex.Fhir.Tests;

public class PatientMapperTests
{
    private const string Source = "gp_north";
    private const string NinoSystem = "https://fhir.hl7.org.uk/Id/nino";

    private static SourceRecord Map(Patient patient) => PatientMapper.ToSourceRecord(patient, Source);

    private static Patient APatient() => new() { Id = "p1" };

    [Fact]
    public void record_id_is_the_patient_id_and_source_is_the_one_given()
    {
        var record = Map(APatient());

        Assert.Equal("p1", record.RecordId);
        Assert.Equal(Source, record.Source);
    }

    [Fact]
    public void reads_nhs_number_from_the_nhs_identifier_system()
    {
        var patient = APatient();
        patient.Identifier = [new Identifier("https://trust.example/Id/mrn", "RX1234"), new Identifier(PatientMapper.NhsNumberSystem, "9434765919")];

        Assert.Equal("9434765919", Map(patient).NhsNumber);
    }

    [Fact]
    public void other_id_is_the_first_identifier_outside_the_nhs_system()
    {
        var patient = APatient();
        patient.Identifier = [new Identifier(PatientMapper.NhsNumberSystem, "9434765919"), new Identifier(NinoSystem, "QQ123456C"), new Identifier("https://trust.example/Id/mrn", "RX1234")];

        Assert.Equal("QQ123456C", Map(patient).OtherId);
    }

    [Fact]
    public void other_id_is_null_when_the_only_identifier_is_the_nhs_number()
    {
        var patient = APatient();
        patient.Identifier = [new Identifier(PatientMapper.NhsNumberSystem, "9434765919")];

        Assert.Null(Map(patient).OtherId);
    }

    [Fact]
    public void identifier_values_are_kept_as_sent()
    {
        var patient = APatient();
        patient.Identifier = [new Identifier(PatientMapper.NhsNumberSystem, "943 476 5919"), new Identifier(NinoSystem, "qq 12 34 56 c")];

        var record = Map(patient);

        Assert.Equal("943 476 5919", record.NhsNumber);
        Assert.Equal("qq 12 34 56 c", record.OtherId);
    }

    [Fact]
    public void official_name_is_preferred_over_nickname_name()
    {
        var patient = APatient();
        patient.Name =
        [
            new HumanName { Use = HumanName.NameUse.Nickname, Family = "Smith", Given = ["Bill"] },
            new HumanName { Use = HumanName.NameUse.Usual, Family = "Smith", Given = ["Billy"] },
            new HumanName { Use = HumanName.NameUse.Official, Family = "Smith", Given = ["William"] },
        ];

        Assert.Equal("William", Map(patient).GivenName);
    }

    [Fact]
    public void usual_name_is_preferred_when_there_is_no_official_name()
    {
        var patient = APatient();
        patient.Name =
        [
            new HumanName { Use = HumanName.NameUse.Maiden, Family = "Jones", Given = ["Ann"] },
            new HumanName { Use = HumanName.NameUse.Usual, Family = "Smith", Given = ["Ann"] },
        ];

        Assert.Equal("Smith", Map(patient).FamilyName);
    }

    [Fact]
    public void the_first_name_is_taken_when_none_is_official_or_usual()
    {
        var patient = APatient();
        patient.Name = [new HumanName { Family = "Jones" }, new HumanName { Use = HumanName.NameUse.Maiden, Family = "Brown" }];

        Assert.Equal("Jones", Map(patient).FamilyName);
    }

    [Fact]
    public void given_names_after_the_first_are_middle_names()
    {
        var patient = APatient();
        patient.Name = [new HumanName { Family = "Smith", Given = ["John", "Paul", "George"] }];

        var record = Map(patient);

        Assert.Equal("John", record.GivenName);
        Assert.Equal("Paul George", record.MiddleNames);
        Assert.Equal("Smith", record.FamilyName);
    }

    [Fact]
    public void a_single_given_name_leaves_middle_names_empty()
    {
        var patient = APatient();
        patient.Name = [new HumanName { Family = "Smith", Given = ["John"] }];

        Assert.Null(Map(patient).MiddleNames);
    }

    [Fact]
    public void a_name_given_only_as_text_is_split_on_spaces()
    {
        var patient = APatient();
        patient.Name = [new HumanName { Text = "Mary Ann  Evans" }];

        var record = Map(patient);

        Assert.Equal("Mary", record.GivenName);
        Assert.Equal("Ann", record.MiddleNames);
        Assert.Equal("Evans", record.FamilyName);
    }

    [Fact]
    public void a_one_word_text_name_is_taken_as_the_family_name()
    {
        var patient = APatient();
        patient.Name = [new HumanName { Text = "Cher" }];

        var record = Map(patient);

        Assert.Null(record.GivenName);
        Assert.Equal("Cher", record.FamilyName);
    }

    [Fact]
    public void text_is_ignored_when_the_name_has_parts()
    {
        var patient = APatient();
        patient.Name = [new HumanName { Text = "Dr J Smith", Family = "Smith", Given = ["John"] }];

        var record = Map(patient);

        Assert.Equal("John", record.GivenName);
        Assert.Equal("Smith", record.FamilyName);
    }

    [Fact]
    public void birth_date_and_gender_are_kept_as_sent()
    {
        var patient = APatient();
        patient.BirthDate = "1970";
        patient.Gender = AdministrativeGender.Other;

        var record = Map(patient);

        Assert.Equal("1970", record.Dob);
        Assert.Equal("other", record.Sex);
    }

    [Fact]
    public void home_address_is_preferred()
    {
        var patient = APatient();
        patient.Address =
        [
            new Address { Use = Address.AddressUse.Work, Line = ["1 Park Row"], City = "Leeds", PostalCode = "LS1 5HD" },
            new Address { Use = Address.AddressUse.Home, Line = ["2 Otley Road"], City = "Leeds", PostalCode = "LS6 2AA" },
        ];

        var record = Map(patient);

        Assert.Equal("2 Otley Road", record.AddressLine1);
        Assert.Equal("LS6 2AA", record.Postcode);
    }

    [Fact]
    public void the_first_address_is_taken_when_none_is_home()
    {
        var patient = APatient();
        patient.Address = [new Address { Use = Address.AddressUse.Temp, Line = ["3 Station Road"] }, new Address { Use = Address.AddressUse.Work, Line = ["1 Park Row"] }];

        Assert.Equal("3 Station Road", Map(patient).AddressLine1);
    }

    [Fact]
    public void address_lines_after_the_first_are_joined_into_line_two()
    {
        var patient = APatient();
        patient.Address = [new Address { Line = ["Flat 2", "14 Cardigan Road", "Headingley"], City = "Leeds", PostalCode = "ls6 3aa" }];

        var record = Map(patient);

        Assert.Equal("Flat 2", record.AddressLine1);
        Assert.Equal("14 Cardigan Road, Headingley", record.AddressLine2);
        Assert.Equal("Leeds", record.City);
        Assert.Equal("ls6 3aa", record.Postcode);
    }

    [Fact]
    public void home_phone_is_preferred_over_mobile()
    {
        var patient = APatient();
        patient.Telecom = [Phone(ContactPoint.ContactPointUse.Mobile, "07700 900123"), Phone(ContactPoint.ContactPointUse.Home, "0113 496 0000")];

        Assert.Equal("0113 496 0000", Map(patient).Phone);
    }

    [Fact]
    public void mobile_phone_is_preferred_over_a_work_phone()
    {
        var patient = APatient();
        patient.Telecom = [Phone(ContactPoint.ContactPointUse.Work, "0113 496 0999"), Phone(ContactPoint.ContactPointUse.Mobile, "07700 900123")];

        Assert.Equal("07700 900123", Map(patient).Phone);
    }

    [Fact]
    public void any_phone_is_taken_when_there_is_no_home_or_mobile_one()
    {
        var patient = APatient();
        patient.Telecom = [Email("ann@example.org"), Phone(ContactPoint.ContactPointUse.Work, "0113 496 0999")];

        Assert.Equal("0113 496 0999", Map(patient).Phone);
    }

    [Fact]
    public void email_is_the_first_email_telecom()
    {
        var patient = APatient();
        patient.Telecom = [Phone(ContactPoint.ContactPointUse.Home, "0113 496 0000"), Email("ann@example.org"), Email("ann@work.example")];

        var record = Map(patient);

        Assert.Equal("ann@example.org", record.Email);
        Assert.Equal("0113 496 0000", record.Phone);
    }

    [Fact]
    public void a_patient_with_nothing_but_an_id_maps_to_an_empty_record()
    {
        var record = Map(APatient());

        foreach (var field in CanonicalFields.All.Where(f => f is not CanonicalField.Source and not CanonicalField.RecordId))
            Assert.Null(record[field]);
    }

    [Fact]
    public void a_patient_without_an_id_cannot_be_mapped()
    {
        Assert.Throws<ArgumentException>(() => Map(new Patient()));
    }

    private static ContactPoint Phone(ContactPoint.ContactPointUse use, string value) =>
        new() { System = ContactPoint.ContactPointSystem.Phone, Use = use, Value = value };

    private static ContactPoint Email(string value) =>
        new() { System = ContactPoint.ContactPointSystem.Email, Value = value };
}
