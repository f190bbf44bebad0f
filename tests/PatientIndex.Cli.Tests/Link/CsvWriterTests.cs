using PatientIndex.Cli.Output;

namespace PatientIndex.Cli.Tests.Link;

public class CsvWriterTests
{
    [Fact]
    public void rows_formatted_in_blocks_side_by_side_are_written_once_each_in_order()
    {
        using var directory = new TempDirectory();
        var path = directory.File("rows.csv");
        // Enough rows for several rounds of blocks, so each block's buffer is reused; rows of
        // varying length, some needing quotes, so a reused buffer's old content would show.
        const int rows = 400_000;
        string Text(int row) => row % 7 == 0 ? $"long, quoted \"{new string('x', row % 300)}\"" : new string('y', row % 13);

        CsvWriter.WriteRows(path, ["row", "text"], rows, (csv, row) =>
        {
            csv.Field(row.ToString(System.Globalization.CultureInfo.InvariantCulture));
            csv.Field(Text(row));
            csv.EndRow();
        });

        using var reader = new StreamReader(path);
        var csvRows = new PatientIndex.Extracts.CsvRowReader(reader);
        Assert.Equal(["row", "text"], csvRows.Next()!.Value.Fields);
        for (var row = 0; row < rows; row++)
            Assert.Equal([row.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(row)], csvRows.Next()!.Value.Fields);
        Assert.Null(csvRows.Next());
    }
}
