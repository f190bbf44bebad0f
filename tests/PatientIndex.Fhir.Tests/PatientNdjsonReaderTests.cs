using Hl7.Fhir.Model;
using static PatientIndex.Fhir.Tests.Ndjson;

namespace PatientIndex.Fhir.Tests;

public class PatientNdjsonReaderTests
{
    private static string APatientLine(string id = "p1") => Line(new Patient
    {
        Id = id,
        Identifier = [new Identifier(PatientMapper.NhsNumberSystem, "9434765919")],
        Name = [new HumanName { Use = HumanName.NameUse.Official, Family = "Smith", Given = ["Ann"] }],
        BirthDate = "1970-05-12",
        Gender = AdministrativeGender.Female,
    });

    [Fact]
    public void each_patient_line_becomes_a_record_from_the_given_source()
    {
        var rows = Read(APatientLine("p1"), APatientLine("p2"));

        Assert.Equal(["p1", "p2"], rows.Select(r => r.Record?.RecordId));
        Assert.All(rows, r => Assert.Equal(Source, r.Record?.Source));
        Assert.Equal([1L, 2L], rows.Select(r => r.Line));
    }

    [Fact]
    public void an_accepted_row_carries_the_mapped_record()
    {
        var record = ReadOne(APatientLine());

        Assert.Equal("9434765919", record.NhsNumber);
        Assert.Equal("Ann", record.GivenName);
        Assert.Equal("Smith", record.FamilyName);
        Assert.Equal("1970-05-12", record.Dob);
        Assert.Equal("female", record.Sex);
    }

    [Fact]
    public void the_nhs_number_verification_status_is_read_as_uk_core_writes_it()
    {
        const string line = """
            {"resourceType":"Patient","id":"p1","identifier":[{"extension":[{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus","valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland","code":"01","display":"Number present and verified"}]}}],"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}]}
            """;

        var record = ReadOne(line);

        Assert.Equal(("9434765919", "01"), (record.NhsNumber, record.NhsNumberVerification));
    }

    [Fact]
    public void blank_lines_are_skipped()
    {
        var rows = Read("", APatientLine("p1"), "   ", "", APatientLine("p2"), "");

        Assert.Equal([2L, 5L], rows.Select(r => r.Line));
    }

    [Fact]
    public void windows_line_endings_are_read()
    {
        var rows = PatientNdjsonReader.Read(new StringReader(APatientLine("p1") + "\r\n" + APatientLine("p2") + "\r\n"), Source).ToList();

        Assert.Equal(["p1", "p2"], rows.Select(r => r.Record?.RecordId));
    }

    [Fact]
    public void a_byte_order_mark_before_the_first_line_is_ignored()
    {
        var row = Assert.Single(Read("\uFEFF" + APatientLine()));

        Assert.Equal("p1", row.Record?.RecordId);
    }

    [Fact]
    public void a_line_that_is_not_json_is_rejected_with_its_line_number()
    {
        var rows = Read(APatientLine(), "Patient,p2,Smith");

        var row = rows[1];
        Assert.Equal(2, row.Line);
        Assert.Null(row.Record);
        Assert.StartsWith("not valid JSON: ", row.RejectionReason);
        Assert.Contains("(at byte 1)", row.RejectionReason);
    }

    [Fact]
    public void a_truncated_line_is_rejected_as_not_valid_json()
    {
        var line = APatientLine();

        var row = Assert.Single(Read(line[..(line.Length / 2)]));

        Assert.StartsWith("not valid JSON: ", row.RejectionReason);
    }

    [Fact]
    public void two_resources_on_one_line_are_rejected_rather_than_half_read()
    {
        var row = Assert.Single(Read(APatientLine("p1") + APatientLine("p2")));

        Assert.Null(row.Record);
        Assert.StartsWith("not valid JSON: ", row.RejectionReason);
        Assert.Equal("p1", row.RawRecordId);
    }

    [Fact]
    public void a_json_array_line_is_rejected()
    {
        var row = Assert.Single(Read($"[{APatientLine()}]"));

        Assert.Equal("not a FHIR resource: the line holds a JSON array, not an object", row.RejectionReason);
    }

    [Fact]
    public void an_observation_line_is_rejected()
    {
        var observation = new Observation
        {
            Id = "obs1",
            Status = ObservationStatus.Final,
            Code = new CodeableConcept { Text = "Body weight" },
        };

        var row = Assert.Single(Read(Line(observation)));

        Assert.Null(row.Record);
        Assert.Equal("resourceType is Observation, expected Patient", row.RejectionReason);
        Assert.Equal("obs1", row.RawRecordId);
    }

    [Fact]
    public void an_unknown_resource_type_is_rejected_naming_it()
    {
        var row = Assert.Single(Read("""{"resourceType":"Patientt","id":"p1"}"""));

        Assert.Equal("resourceType is Patientt, expected Patient", row.RejectionReason);
        Assert.Equal("p1", row.RawRecordId);
    }

    [Fact]
    public void a_line_without_a_resource_type_is_rejected()
    {
        var row = Assert.Single(Read("""{"id":"p1","birthDate":"1970-05-12"}"""));

        Assert.Equal("not a FHIR resource: it has no resourceType, expected Patient", row.RejectionReason);
        Assert.Equal("p1", row.RawRecordId);
    }

    [Fact]
    public void a_patient_without_an_id_is_rejected()
    {
        var row = Assert.Single(Read(Line(new Patient { BirthDate = "1970-05-12" })));

        Assert.Equal("Patient has no id", row.RejectionReason);
        Assert.Null(row.RawRecordId);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void a_boolean_id_is_rejected_not_taken_as_its_text(string id)
    {
        var row = Assert.Single(Read($$"""{"resourceType":"Patient","id":{{id}},"birthDate":"1970-05-12"}"""));

        Assert.Null(row.Record);
        Assert.Equal($"Patient.id is the JSON value {id}, expected a string", row.RejectionReason);
    }

    [Fact]
    public void an_impossible_birth_date_is_kept_for_the_engine_to_warn_about()
    {
        var record = ReadOne("""{"resourceType":"Patient","id":"p1","birthDate":"1956-02-31"}""");

        Assert.Equal("1956-02-31", record.Dob);
    }

    [Fact]
    public void a_birth_date_in_a_non_fhir_format_is_kept_as_sent()
    {
        var record = ReadOne("""{"resourceType":"Patient","id":"p1","birthDate":"31/02/1956"}""");

        Assert.Equal("31/02/1956", record.Dob);
    }

    [Fact]
    public void an_unknown_gender_code_is_kept_as_sent()
    {
        var record = ReadOne("""{"resourceType":"Patient","id":"p1","gender":"M","name":[{"use":"legal","family":"Smith"}]}""");

        Assert.Equal("M", record.Sex);
        Assert.Equal("Smith", record.FamilyName);
    }

    [Fact]
    public void numbers_where_strings_belong_are_kept_as_their_text()
    {
        var record = ReadOne("""{"resourceType":"Patient","id":1234,"birthDate":19700512,"identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":9434765919}]}""");

        Assert.Equal("1234", record.RecordId);
        Assert.Equal("19700512", record.Dob);
        Assert.Equal("9434765919", record.NhsNumber);
    }

    [Fact]
    public void single_objects_where_lists_belong_are_still_read()
    {
        var record = ReadOne("""{"resourceType":"Patient","id":"p1","name":{"family":"Smith","given":"Ann"},"address":{"line":"2 Otley Road","postalCode":"LS6 2AA"},"telecom":{"system":"phone","value":"0113 496 0000"}}""");

        Assert.Equal("Ann", record.GivenName);
        Assert.Equal("Smith", record.FamilyName);
        Assert.Equal("2 Otley Road", record.AddressLine1);
        Assert.Equal("LS6 2AA", record.Postcode);
        Assert.Equal("0113 496 0000", record.Phone);
    }

    [Fact]
    public void unknown_elements_do_not_reject_the_patient()
    {
        var record = ReadOne("""{"resourceType":"Patient","id":"p1","favouriteColour":"blue","name":[{"family":"Smith","nickname":"Smithy"}]}""");

        Assert.Equal("Smith", record.FamilyName);
    }

    [Fact]
    public void given_names_carrying_only_an_extension_are_skipped()
    {
        var record = ReadOne("""{"resourceType":"Patient","id":"p1","name":[{"family":"Smith","given":["Ann",null,"Marie"],"_given":[null,{"extension":[{"url":"https://example.org/x","valueString":"y"}]},null]}]}""");

        Assert.Equal("Ann", record.GivenName);
        Assert.Equal("Marie", record.MiddleNames);
    }

    [Fact]
    public void every_non_blank_line_yields_a_row_in_order_whatever_its_content()
    {
        var rows = Read(
            APatientLine("p1"),
            "{not json",
            """{"resourceType":"Observation","id":"o1"}""",
            "",
            """{"resourceType":"Patient"}""",
            "42",
            APatientLine("p6"));

        Assert.Equal([1L, 2L, 3L, 5L, 6L, 7L], rows.Select(r => r.Line));
        Assert.Equal([true, false, false, false, false, true], rows.Select(r => r.Record is not null));
        Assert.All(rows.Where(r => r.Record is null), r => Assert.False(string.IsNullOrWhiteSpace(r.RejectionReason)));
    }

    [Fact]
    public void a_large_extract_is_read_in_full()
    {
        var lines = Enumerable.Range(1, 20_000).Select(i => APatientLine($"p{i}")).ToArray();

        var rows = Read(lines);

        Assert.Equal(20_000, rows.Count(r => r.Record is not null));
        Assert.Equal("p20000", rows[^1].Record?.RecordId);
    }
}
