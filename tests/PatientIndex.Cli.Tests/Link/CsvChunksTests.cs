using System.Text;
using PatientIndex.Extracts;

namespace PatientIndex.Cli.Tests.Link;

public class CsvChunksTests
{
    [Fact]
    public void chunks_read_side_by_side_give_the_same_rows_and_line_numbers_as_the_whole_file()
    {
        var data = Encoding.UTF8.GetBytes(AwkwardCsv(rows: 200_000));

        var chunks = CsvChunks.Split(data, wanted: 4);

        Assert.Equal(4, chunks.Count);
        Assert.Equal(ReadAll(data, new CsvChunks.Chunk(0, data.Length, 1)), chunks.SelectMany(c => ReadAll(data, c)));
    }

    [Fact]
    public void a_quote_left_open_keeps_the_file_in_one_chunk_so_the_reader_recovers_as_it_does_alone()
    {
        var data = Encoding.UTF8.GetBytes("record_id,given_name\nA0,\"open\n" + AwkwardCsv(rows: 200_000));

        var chunk = Assert.Single(CsvChunks.Split(data, wanted: 4));

        Assert.Equal(data.Length, chunk.Length);
    }

    [Fact]
    public void a_small_file_is_one_chunk()
    {
        var data = Encoding.UTF8.GetBytes(AwkwardCsv(rows: 100));
        Assert.Single(CsvChunks.Split(data, wanted: 4));
    }

    /// <summary>Rows with what makes cutting hard: line breaks inside quotes (LF, CRLF, a lone CR), doubled quotes, spaces, blank lines.</summary>
    private static string AwkwardCsv(int rows)
    {
        var text = new StringBuilder("record_id, given_name, family_name, address_line1\r\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append((i % 7) switch
            {
                0 => $"R{i}, \"Ann\nMarie\", \"O\"\"Brien\", \"1 High St,\r\nLeeds\"\r\n",
                1 => $"R{i},Tom,Lee,\"Flat 2\rMill Lane\"\n",
                2 => $"R{i},  \"Sam\" ,Hill,\n",
                3 => "\n",
                4 => $"R{i},Jo,D\"Arcy,2 Low Rd\r\n",
                _ => $"R{i},Ann,Smith,\"3 \"\"The Close\"\"\"\n",
            });
        }
        return text.ToString();
    }

    private static List<(string Fields, long Line, string? Error)> ReadAll(byte[] data, CsvChunks.Chunk chunk)
    {
        using var reader = new StreamReader(new MemoryStream(data, chunk.Start, chunk.Length));
        var csv = new CsvRowReader(reader, chunk.FirstLine);
        var rows = new List<(string, long, string?)>();
        while (csv.Next() is { } row) rows.Add((string.Join('|', row.Fields), row.Line, row.Error));
        return rows;
    }
}
