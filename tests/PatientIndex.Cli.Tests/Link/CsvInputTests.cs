using PatientIndex.Extracts;

namespace PatientIndex.Cli.Tests.Link;

public class CsvInputTests
{
    [Fact]
    public void a_bom_crlf_quotes_and_spaces_after_separators_are_read_as_extracts_write_them()
    {
        var text = "\uFEFFrecord_id, given_name, family_name\r\nA1, \"Smith, Jr\", \"O\"\"Brien\"\r\nA2, Mary, \"multi\nline\"\r\n";
        using var reader = new StreamReader(new MemoryStream(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(text[1..])).ToArray()));
        var csv = new CsvRowReader(reader);

        Assert.Equal(["record_id", "given_name", "family_name"], csv.Next()!.Value.Fields);
        Assert.Equal(["A1", "Smith, Jr", "O\"Brien"], csv.Next()!.Value.Fields);
        var third = csv.Next()!.Value;
        Assert.Equal(["A2", "Mary", "multi\nline"], third.Fields);
        Assert.Equal(3, third.Line);
        Assert.Null(csv.Next());
    }

    [Fact]
    public void a_column_not_wanted_is_read_past_as_empty_and_still_counted()
    {
        using var reader = new StringReader("A1,cluster-7,Ann\nA2,cluster-8,\"Lee, Jo\"\n");
        var csv = new CsvRowReader(reader) { ColumnsWanted = [true, false, true] };

        Assert.Equal(["A1", "", "Ann"], csv.Next()!.Value.Fields);
        Assert.Equal(["A2", "", "Lee, Jo"], csv.Next()!.Value.Fields);
    }

    [Fact]
    public void columns_after_one_nothing_maps_keep_their_values()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("gp.csv", "record_id,cluster,first_name,family_name,dob\nG1,7,Ann,Lee,1970-01-02\nG2,7,Ann,Lee,1956-02-31\nG3,8,Bob,Hart,1955-06-30\n");

        Assert.Equal(0, LinkRun.Run(temp.File("out"), [file], columns: "given_name=first_name"));

        Assert.Equal(["G1", "G2", "G3"], LinkRun.Rows(temp.File("out"), "persons.csv").Select(r => r[1]).Order());
        Assert.Empty(LinkRun.Rows(temp.File("out"), "rejected.csv"));
        var warning = Assert.Single(LinkRun.Rows(temp.File("out"), "warnings.csv"));
        Assert.Equal(["3", "dob", "1956-02-31"], warning[1..4]);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    [InlineData("utf-32")]
    public void an_extract_with_a_byte_order_mark_is_read_in_its_encoding(string encodingName)
    {
        using var temp = new TempDirectory();
        var encoding = System.Text.Encoding.GetEncoding(encodingName);
        var file = temp.File("gp.csv");
        File.WriteAllBytes(file, [.. encoding.GetPreamble(), .. encoding.GetBytes("record_id,given_name,family_name,dob\nG1,Zoë,Brontë,1970-01-02\nG2,Ann,Lee,1980-03-04\n")]);

        Assert.Equal(0, LinkRun.Run(temp.File("out"), [file]));

        Assert.Equal(["G1", "G2"], LinkRun.Rows(temp.File("out"), "persons.csv").Select(r => r[1]).Order());
        Assert.Empty(LinkRun.Rows(temp.File("out"), "rejected.csv"));
    }

    [Fact]
    public void columns_can_be_mapped_and_joined()
    {
        var mapping = ColumnMapping.Parse("record_id=rec_id,address_line1=street_number+address_1");
        var positions = mapping.Resolve(["rec_id", "street_number", "address_1", "given_name"], "f.csv");
        Assert.Equal([0], positions[(int)Core.Records.CanonicalField.RecordId]);
        Assert.Equal([1, 2], positions[(int)Core.Records.CanonicalField.AddressLine1]);
        Assert.Equal([3], positions[(int)Core.Records.CanonicalField.GivenName]);
    }

    [Fact]
    public void a_source_column_overrides_the_file_name()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("extract.csv", "source,record_id,given_name,family_name,dob,postcode\ngp,1,Ann,Lee,1970-01-02,LS1 4AP\nhospital,1,Ann,Lee,1970-01-02,LS1 4AP\n");
        Assert.Equal(0, LinkRun.Run(temp.File("out"), [file]));
        var persons = LinkRun.Rows(temp.File("out"), "persons.csv");
        Assert.Equal(["gp", "hospital"], persons.Select(p => p[0]).Order());
        Assert.Single(persons.Select(p => p[2]).Distinct());
    }

    [Fact]
    public void an_extract_may_carry_the_nhs_number_verification_status_and_a_bad_one_is_warned_about()
    {
        using var temp = new TempDirectory();
        const string header = "record_id,nhs_number,nhs_number_verification,given_name,family_name,dob,postcode\n";
        var gp = temp.Write("gp.csv", header + "G1,9434765919,01,Ann,Lee,1956-02-13,LS1 4AP\n");
        var hospital = temp.Write("hospital.csv", header + "H1,9434765919,2,Ann,Lee,1956-02-13,LS1 4AP\n");
        var community = temp.Write("community.csv", header + "C1,9434765919,verified,Ann,Lee,1956-02-13,LS1 4AP\n");
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [gp, hospital, community]));

        var levels = LinkRun.Rows(outDir, "links.csv").ToDictionary(r => string.Join('+', new[] { r[1], r[3] }.Order()), r => r[7]);
        Assert.Contains("nhs_number=exact_invalid", levels["G1+H1"]);
        Assert.Contains("nhs_number=exact_valid", levels["C1+G1"]);
        var warning = Assert.Single(LinkRun.Rows(outDir, "warnings.csv"));
        Assert.Equal((community, "nhs_number_verification", "verified"), (warning[0], warning[2], warning[3]));
    }
}
