using Hl7.Fhir.Model;
using PatientIndex.Core.Records;
using static PatientIndex.Fhir.NhsNumberVerificationStatus;

namespace PatientIndex.Fhir.Tests;

public class NhsNumberVerificationStatusTests
{
    private const string Source = "gp_north";

    private static Identifier NhsIdentifier(string? number, DataType? status)
    {
        var identifier = new Identifier(PatientMapper.NhsNumberSystem, number);
        if (status is not null) identifier.Extension.Add(new Extension(ExtensionUrl, status));
        return identifier;
    }

    private static CodeableConcept Status(string code, string? system = CodeSystemUrl) => new() { Coding = [new Coding(system, code)] };

    private static SourceRecord Map(params Identifier[] identifiers) =>
        PatientMapper.ToSourceRecord(new Patient { Id = "p1", Identifier = [.. identifiers] }, Source);

    [Fact]
    public void the_status_on_the_nhs_number_identifier_is_kept_with_the_record()
    {
        var record = Map(new Identifier("https://trust.example/Id/mrn", "RX1234"), NhsIdentifier("9434765919", Status("02")));

        Assert.Equal(("9434765919", "02"), (record.NhsNumber, record.NhsNumberVerification));
    }

    [Fact]
    public void a_status_in_another_code_system_or_on_another_identifier_is_not_the_nhs_number_status()
    {
        var other = new Identifier("https://trust.example/Id/mrn", "RX1234");
        other.Extension.Add(new Extension(ExtensionUrl, Status("01")));

        Assert.Null(Map(other, NhsIdentifier("9434765919", Status("01", system: "https://example.org/other-codes"))).NhsNumberVerification);
    }

    [Fact]
    public void a_coding_without_a_system_or_sent_as_a_lone_coding_is_read()
    {
        Assert.Equal("03", Map(NhsIdentifier("9434765919", Status("03", system: null))).NhsNumberVerification);
        Assert.Equal("04", Map(NhsIdentifier("9434765919", new Coding(CodeSystemUrl, "04"))).NhsNumberVerification);
    }

    [Fact]
    public void the_status_is_written_back_on_the_nhs_number_identifier_with_its_display()
    {
        var record = new SourceRecord { Source = Source, RecordId = "p1", NhsNumber = "9434765919", NhsNumberVerification = "01" };

        var identifier = Assert.Single(PatientMapper.ToPatient(record).Identifier);

        Assert.Equal((PatientMapper.NhsNumberSystem, "9434765919"), (identifier.System, identifier.Value));
        var coding = Assert.Single(Assert.IsType<CodeableConcept>(identifier.GetExtension(ExtensionUrl)?.Value).Coding);
        Assert.Equal((CodeSystemUrl, "01", "Number present and verified"), (coding.System, coding.Code, coding.Display));
    }

    [Theory]
    [InlineData("9434765919", "05")]
    [InlineData(null, "07")]
    [InlineData("9434765919", null)]
    public void a_record_round_trips_through_a_patient_with_its_status(string? number, string? status)
    {
        var record = new SourceRecord { Source = Source, RecordId = "p1", NhsNumber = number, NhsNumberVerification = status };

        var patient = PatientMapper.ToPatient(record);
        patient.Id = "p1";

        Assert.Equal(record, PatientMapper.ToSourceRecord(patient, Source));
    }

    [Fact]
    public void a_status_written_as_one_digit_goes_out_as_its_two_digit_code_and_one_that_is_no_code_is_left_out()
    {
        var code = PatientMapper.ToPatient(new SourceRecord { Source = Source, RecordId = "p1", NhsNumber = "9434765919", NhsNumberVerification = "2" })
            .Identifier.Single().GetExtension(ExtensionUrl)?.Value;
        Assert.Equal("02", Assert.IsType<CodeableConcept>(code).Coding.Single().Code);

        var unknown = PatientMapper.ToPatient(new SourceRecord { Source = Source, RecordId = "p1", NhsNumber = "9434765919", NhsNumberVerification = "verified" });
        Assert.Empty(unknown.Identifier.Single().Extension);
    }
}
