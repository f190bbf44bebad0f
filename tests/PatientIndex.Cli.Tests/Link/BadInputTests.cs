namespace PatientIndex.Cli.Tests.Link;

public class BadInputTests
{
    private const string Header = "record_id,nhs_number,given_name,family_name,dob,sex,postcode\n";

    [Fact]
    public void every_input_row_ends_up_in_persons_or_rejected()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("gp.csv", Header +
            "G1,9434765919,Ann,Lee,1970-01-02,F,LS1 4AP\n" +
            ",9434765919,Ann,Lee,1970-01-02,F,LS1 4AP\n" +            // no record_id
            "G2,,Tom,Okafor,1991-06-30,M\n" +                           // too few fields
            "G3,,\"Unterminated,Lee,1970-01-02,F,LS1 4AP\n" +           // malformed quoting
            "G1,9434765919,Anne,Leigh,1970-01-02,F,LS1 4AP\n" +         // same id, different data
            "G4,4010232137,Sam,Hill,1980-03-04,M,M1 1AE\n");
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [file]));

        var persons = LinkRun.Rows(outDir, "persons.csv").Select(r => r[1]).ToList();
        var rejected = LinkRun.Rows(outDir, "rejected.csv");
        Assert.Equal(["G1", "G4"], persons.Order());
        Assert.Equal(4, rejected.Count);
        Assert.Contains(rejected, r => r[4] == "no record_id" && r[1] == "3");
        Assert.Contains(rejected, r => r[4].Contains("expected 7 fields") && r[3] == "G2");
        Assert.Contains(rejected, r => r[4].Contains("unterminated"));
        Assert.Contains(rejected, r => r[4].Contains("already seen") && r[3] == "G1" && r[1] == "6");
    }

    [Fact]
    public void a_stray_quote_costs_its_own_row_and_the_rows_after_it_are_read()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("gp.csv", "record_id,given_name,family_name,dob\n" +
            "A1,Ann,\"Smith,1990-01-01\n" +
            "A2,Bob,\"Jones\",1980-02-02\n" +
            "A3,Cat,Li,1970-03-03\n");
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [file]));

        Assert.Equal(["A2", "A3"], LinkRun.Rows(outDir, "persons.csv").Select(r => r[1]).Order());
        var rejected = Assert.Single(LinkRun.Rows(outDir, "rejected.csv"));
        Assert.Equal(["2", "A1"], [rejected[1], rejected[3]]);
        Assert.Contains("a quote in column 3 not closed on its line", rejected[4]);
    }

    [Fact]
    public void a_stray_quote_is_not_closed_by_another_rows_quote_many_lines_later()
    {
        using var temp = new TempDirectory();
        var rows = Enumerable.Range(1, 50).Select(i => i switch
        {
            1 => $"P{i},Ann,\"Smith,1990-01-01",
            46 => $"P{i},Sean,O\"Brien,1971-04-05",
            _ => $"P{i},Given{i},Family{i},1970-01-{1 + i % 28:00}",
        });
        var file = temp.Write("gp.csv", "record_id,given_name,family_name,dob\n" + string.Join("\n", rows) + "\n");
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [file]));

        Assert.Equal(49, LinkRun.Rows(outDir, "persons.csv").Count);
        Assert.Equal("P1", Assert.Single(LinkRun.Rows(outDir, "rejected.csv"))[3]);
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var account = Assert.Single(summary.RootElement.GetProperty("files").EnumerateArray().ToList());
        Assert.Equal((50, 49, 1), (account.GetProperty("rows").GetInt32(), account.GetProperty("accepted").GetInt32(), account.GetProperty("rejected").GetInt32()));
    }

    [Fact]
    public void a_quoted_field_over_several_lines_still_makes_one_record_when_the_row_is_well_formed()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("gp.csv", "record_id,given_name,family_name,address_line1\n" +
            "A1,Ann,Lee,\"Flat 2\nMill House\"\n" +
            "A2,Bob,Hart,1 High St\n");
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [file]));

        Assert.Equal(["A1", "A2"], LinkRun.Rows(outDir, "persons.csv").Select(r => r[1]).Order());
        Assert.Empty(LinkRun.Rows(outDir, "rejected.csv"));
    }

    [Fact]
    public void a_control_character_in_a_record_id_refuses_the_row_and_one_in_a_name_is_removed_with_a_warning()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("gp.csv", "record_id,given_name,family_name,dob\n" +
            "A\01,Ann,Lee,1970-01-02\n" +
            "A2,Bob,\u202ESmith,1980-02-02\n" +
            "A3,\"Cat\tJo\",Li,1970-03-03\n");
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [file]));

        Assert.Equal(["A2", "A3"], LinkRun.Rows(outDir, "persons.csv").Select(r => r[1]).Order());
        var rejected = Assert.Single(LinkRun.Rows(outDir, "rejected.csv"));
        Assert.Equal(("2", "A<U+0000>1"), (rejected[1], rejected[3]));
        Assert.Contains("record_id contains a control character (U+0000)", rejected[4]);
        var warnings = LinkRun.Rows(outDir, "warnings.csv");
        Assert.Contains(warnings, w => w[1] == "3" && w[2] == "family_name" && w[4].Contains("bidirectional text control (U+202E)"));
        Assert.Contains(warnings, w => w[1] == "4" && w[2] == "given_name" && w[4].Contains("U+0009"));
        Assert.DoesNotContain('\u202E', File.ReadAllText(Path.Combine(outDir, "links.csv")));
    }

    [Fact]
    public void a_header_that_names_a_column_twice_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("gp.csv", "record_id,given_name,record_id\nA1,Ann,B1\n");
        var error = CaptureError(() => Assert.Equal(2, LinkRun.Run(temp.File("out"), [file])));
        Assert.Contains($"{file}:1: the header names a column twice: record_id", error);
    }

    [Fact]
    public void a_repeated_record_id_is_checked_against_the_first_row_of_its_source_in_any_file()
    {
        using var temp = new TempDirectory();
        const string header = "source,record_id,given_name,family_name,dob\n";
        var first = temp.Write("a.csv", header +
            "gp,X1,Ann,Lee,1970-01-02\n" +
            "gp,X2,Tom,Okafor,1991-06-30\n" +
            "gp,X1,Ann,Lee,1970-01-02\n" +       // the same row again: one record, counted as a repeat
            "gp,X1,Anne,Leigh,1970-01-02\n");    // same id, different data
        var second = temp.Write("b.csv", header +
            "gp,X1,Anne,Leigh,1970-01-02\n" +    // clashes with a.csv line 2, not with the row above
            "hospital,X1,Anne,Leigh,1970-01-02\n" + // another source's X1 is another record
            "gp,X3,Sam,Hill,1980-03-04\n");
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [first, second]));

        var persons = LinkRun.Rows(outDir, "persons.csv").Select(r => $"{r[0]}:{r[1]}").Order().ToList();
        Assert.Equal(["gp:X1", "gp:X2", "gp:X3", "hospital:X1"], persons);
        var rejected = LinkRun.Rows(outDir, "rejected.csv");
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, r => Assert.Contains($"({first} line 2) with different data", r[4]));
        Assert.Equal([first, second], rejected.Select(r => r[0]));
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(1, summary.RootElement.GetProperty("identical_repeats").GetInt32());
    }

    [Fact]
    public void a_bad_field_is_blanked_and_warned_about_while_the_record_still_links()
    {
        using var temp = new TempDirectory();
        var gp = temp.Write("gp.csv", Header + "G1,9434765919,Ann,Lee,1956-02-31,F,LS1 4AP\n");
        var hospital = temp.Write("hospital.csv", Header + "H1,94347X5919,Ann,Lee,1956-02-13,F,LS1 4AP\n" + "H2,9434765919,Ann,Lee,1956-02-13,F,LS1 4AP\n");
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [gp, hospital]));

        var warnings = LinkRun.Rows(outDir, "warnings.csv");
        Assert.Contains(warnings, w => w[0] == gp && w[1] == "2" && w[2] == "dob" && w[3] == "1956-02-31" && w[4] == "impossible date");
        Assert.Contains(warnings, w => w[0] == hospital && w[2] == "nhs_number" && w[3] == "94347X5919");
        var persons = LinkRun.Rows(outDir, "persons.csv").ToDictionary(r => r[1], r => r[2]);
        Assert.Equal(persons["G1"], persons["H2"]);
    }

    [Fact]
    public void a_missing_file_is_a_clear_error_and_a_non_zero_exit()
    {
        using var temp = new TempDirectory();
        var error = CaptureError(() => Assert.Equal(2, LinkRun.Run(temp.File("out"), [temp.File("nope.csv")])));
        Assert.Contains("nope.csv: no such file", error);
    }

    [Fact]
    public void an_unknown_canonical_column_in_columns_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("gp.csv", Header + "G1,,Ann,Lee,1970-01-02,F,LS1 4AP\n");
        var error = CaptureError(() => Assert.Equal(2, LinkRun.Run(temp.File("out"), [file], "surname_of_person=family_name")));
        Assert.Contains("'surname_of_person' is not a canonical column", error);
    }

    [Fact]
    public void a_file_without_a_record_id_column_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("gp.csv", "id,given_name\n1,Ann\n");
        var error = CaptureError(() => Assert.Equal(2, LinkRun.Run(temp.File("out"), [file])));
        Assert.Contains("no record_id column", error);
    }

    private static string CaptureError(Action act)
    {
        var original = Console.Error;
        var writer = new StringWriter();
        Console.SetError(writer);
        try { act(); } finally { Console.SetError(original); }
        return writer.ToString();
    }
}
