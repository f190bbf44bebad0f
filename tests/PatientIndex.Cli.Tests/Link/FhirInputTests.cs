namespace PatientIndex.Cli.Tests.Link;

public class FhirInputTests
{
    private const string NhsSystem = "https://fhir.nhs.uk/Id/nhs-number";

    private static string Patient(string id, string nhs, string given, string family, string birthDate, string gender, string postcode) =>
        $$"""{"resourceType":"Patient","id":"{{id}}","identifier":[{"system":"{{NhsSystem}}","value":"{{nhs}}"}],"name":[{"family":"{{family}}","given":["{{given}}"]}],"gender":"{{gender}}","birthDate":"{{birthDate}}","address":[{"line":["1 High Street"],"city":"Leeds","postalCode":"{{postcode}}"}]}""";

    [Fact]
    public void a_fhir_bulk_export_links_with_a_csv_extract_and_its_bad_lines_are_rejected_with_their_line_numbers()
    {
        using var temp = new TempDirectory();
        var gp = temp.Write("gp.csv",
            "record_id,nhs_number,given_name,family_name,dob,sex,postcode\n" +
            "G1,943 476 5919,Margaret,Shaw,1950-01-01,F,LS1 4AP\n" +
            "G2,401 023 2137,Tom,Okafor,1991-06-30,M,LS6 2QT\n");
        var hospital = temp.Write("hospital.ndjson", string.Join('\n',
            Patient("H1", "9434765919", "Peggy", "Shaw", "1950-01-01", "female", "LS14AP"),
            Patient("H2", "4010232137", "Thomas", "Okafor", "1991-06-30", "male", "LS6 2QT"),
            """{"resourceType":"Observation","id":"o1"}""",
            "{ not json") + "\n");

        Assert.Equal(0, LinkRun.Run(temp.File("out"), [gp, hospital]));

        var personOf = LinkRun.Rows(temp.File("out"), "persons.csv").ToDictionary(r => (r[0], r[1]), r => r[2]);
        Assert.Equal(4, personOf.Count);
        Assert.Equal(personOf[("gp", "G1")], personOf[("hospital", "H1")]);
        Assert.Equal(personOf[("gp", "G2")], personOf[("hospital", "H2")]);
        Assert.NotEqual(personOf[("gp", "G1")], personOf[("gp", "G2")]);
        var rejected = LinkRun.Rows(temp.File("out"), "rejected.csv");
        Assert.Equal(["3", "4"], rejected.Select(r => r[1]));
        Assert.All(rejected, r => Assert.EndsWith("hospital.ndjson", r[0]));
    }
}
