using PatientIndex.Cli.Output;
using PatientIndex.Core.Records;

namespace PatientIndex.Cli.Tests.Link;

public class RecordReferencesTests
{
    [Fact]
    public void each_record_reads_back_as_its_source_and_id_in_csv_across_chunk_boundaries()
    {
        // More records than one chunk holds, with ids of varying length, some needing quotes, and an empty one.
        string Id(int i) => i % 1000 == 7 ? $"id, \"{i}\"" : i % 1000 == 8 ? "" : new string('x', i % 5) + i;
        var records = Enumerable.Range(0, 150_000)
            .Select(i => new NormalisedRecord { Source = i % 3 == 0 ? "gp" : "hospital,north", RecordId = Id(i) })
            .ToArray();

        var references = new RecordReferences(records);

        for (var i = 0; i < records.Length; i++)
        {
            var expected = new StringWriter();
            using (var csv = new CsvWriter(expected)) { csv.Field(records[i].Source); csv.Field(records[i].RecordId); }
            Assert.Equal(expected.ToString(), references.Of(i).ToString());
        }
    }
}
