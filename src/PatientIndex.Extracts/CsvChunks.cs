namespace PatientIndex.Extracts;

/// <summary>
/// Cuts a CSV file's bytes into runs of whole rows that can be parsed side by side. The cuts follow
/// the quoting the way <see cref="CsvRowReader"/> reads it, so a line break inside a quoted field is
/// never taken for the end of a row. Where the file is not plainly well formed (a quote left open,
/// text after a closing quote, a quoted field over many lines, a row over several lines whose field
/// count is not the header's) or is not UTF-8, the whole file is one chunk, and the reader's own
/// recovery decides row by row, as it does when reading one file alone: the reader reads again the
/// lines of a row it takes for a stray quote's work, and those lines may reach past any cut.
/// </summary>
internal static class CsvChunks
{
    /// <summary>Files smaller than this are not worth a second thread.</summary>
    public const int MinimumChunkBytes = 1 << 20;

    /// <param name="FirstLine">The line number of the chunk's first line, counted as <see cref="TextReader.ReadLine"/> counts them.</param>
    public readonly record struct Chunk(int Start, int Length, long FirstLine);

    public static IReadOnlyList<Chunk> Split(ReadOnlySpan<byte> data, int wanted)
    {
        var whole = new[] { new Chunk(0, data.Length, 1) };
        var target = Math.Max(MinimumChunkBytes, data.Length / Math.Max(1, wanted));
        if (data.Length < 2 * target || StartsWithUtf16Or32Mark(data)) return whole;

        var cuts = new List<Chunk>();
        var (chunkStart, chunkLine) = (0, 1L);
        var (position, line) = (0, 1L);
        var headerFields = -1;
        // Past the last cut the rows need not be checked: the last chunk is read to the end, as one file is.
        while (position < data.Length && cuts.Count < wanted - 1)
        {
            var rowLine = line;
            if (!PastRow(data, ref position, ref line, out var fields)) return whole;
            if (fields == 0) continue;
            if (headerFields < 0) headerFields = fields;
            else if (line - rowLine > 1 && fields != headerFields) return whole;
            if (position - chunkStart < target || position >= data.Length) continue;
            cuts.Add(new Chunk(chunkStart, position - chunkStart, chunkLine));
            (chunkStart, chunkLine) = (position, line);
        }
        cuts.Add(new Chunk(chunkStart, data.Length - chunkStart, chunkLine));
        return cuts;
    }

    /// <summary>Moves past one row and its line break, counting its fields (none for a blank line); false when the row is not plainly well formed.</summary>
    private static bool PastRow(ReadOnlySpan<byte> data, ref int position, ref long line, out int fields)
    {
        var linesInRow = 0;
        fields = 0;
        if (data[position] is (byte)'\n' or (byte)'\r')
        {
            PastLineBreak(data, ref position, ref line);
            return true;
        }
        while (true)
        {
            fields++;
            while (position < data.Length && data[position] == (byte)' ') position++;
            if (position < data.Length && data[position] == (byte)'"')
            {
                if (!PastQuotedField(data, ref position, ref line, ref linesInRow)) return false;
                while (position < data.Length && data[position] == (byte)' ') position++;
                if (position < data.Length && data[position] is not ((byte)',' or (byte)'\n' or (byte)'\r')) return false;
            }
            else
            {
                var end = data[position..].IndexOfAny((byte)',', (byte)'\n', (byte)'\r');
                position = end < 0 ? data.Length : position + end;
            }
            if (position >= data.Length) return true;
            if (data[position] == (byte)',') { position++; continue; }
            PastLineBreak(data, ref position, ref line);
            return true;
        }
    }

    private static bool PastQuotedField(ReadOnlySpan<byte> data, ref int position, ref long line, ref int linesInRow)
    {
        position++;
        while (true)
        {
            var next = data[position..].IndexOfAny((byte)'"', (byte)'\n', (byte)'\r');
            if (next < 0) return false;
            position += next;
            if (data[position] == (byte)'"')
            {
                if (position + 1 < data.Length && data[position + 1] == (byte)'"') { position += 2; continue; }
                position++;
                return true;
            }
            PastLineBreak(data, ref position, ref line);
            if (++linesInRow >= CsvRowReader.MaxLinesPerRow) return false;
        }
    }

    /// <summary>CRLF, LF or a lone CR: each is one line break, as <see cref="TextReader.ReadLine"/> reads them.</summary>
    private static void PastLineBreak(ReadOnlySpan<byte> data, ref int position, ref long line)
    {
        if (data[position] == (byte)'\r' && position + 1 < data.Length && data[position + 1] == (byte)'\n') position++;
        position++;
        line++;
    }

    private static bool StartsWithUtf16Or32Mark(ReadOnlySpan<byte> data) =>
        data is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] or [0, 0, 0xFE, 0xFF, ..];
}
