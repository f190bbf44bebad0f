using PatientIndex.Cli.Input;

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
        var file = temp.Write("extract.csv", "source,record_id,given_name,family_name,dob\ngp,1,Ann,Lee,1970-01-02\nhospital,1,Ann,Lee,1970-01-02\n");
        Assert.Equal(0, LinkRun.Run(temp.File("out"), [file]));
        var persons = LinkRun.Rows(temp.File("out"), "persons.csv");
        Assert.Equal(["gp", "hospital"], persons.Select(p => p[0]).Order());
        Assert.Single(persons.Select(p => p[2]).Distinct());
    }
}
