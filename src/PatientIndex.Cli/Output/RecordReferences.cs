using System.Text;
using PatientIndex.Core.Records;

namespace PatientIndex.Cli.Output;

/// <summary>
/// Every record's <c>source,record_id</c> as CSV text, side by side in a few long strings. Links are
/// written strongest first, so their records come in no order, and fetching a record and then its two
/// strings from anywhere in the heap costs three cache misses a side; here it is one.
/// </summary>
public sealed class RecordReferences
{
    private const int RecordsPerChunkBits = 16;
    private const int RecordsPerChunk = 1 << RecordsPerChunkBits;
    private readonly string[] _chunks;
    /// <summary>Where each record's text ends in its chunk, the newline that ends it excluded.</summary>
    private readonly int[] _ends;

    public RecordReferences(IReadOnlyList<NormalisedRecord> records)
    {
        _ends = new int[records.Count];
        _chunks = new string[(records.Count + RecordsPerChunk - 1) / RecordsPerChunk];
        Parallel.For(0, _chunks.Length, chunk => _chunks[chunk] = Format(records, chunk));
    }

    /// <summary>The record's source and record id, each a CSV field, quoted where it needs to be.</summary>
    public ReadOnlySpan<char> Of(int record)
    {
        var start = (record & (RecordsPerChunk - 1)) == 0 ? 0 : _ends[record - 1] + 1;
        return _chunks[record >> RecordsPerChunkBits].AsSpan(start, _ends[record] - start);
    }

    private string Format(IReadOnlyList<NormalisedRecord> records, int chunk)
    {
        var text = new StringBuilder();
        using var csv = new CsvWriter(new StringWriter(text));
        var from = chunk * RecordsPerChunk;
        for (var i = from; i < Math.Min(records.Count, from + RecordsPerChunk); i++)
        {
            csv.Field(records[i].Source);
            csv.Field(records[i].RecordId);
            csv.EndRow();
            _ends[i] = text.Length - 1;
        }
        return text.ToString();
    }
}
