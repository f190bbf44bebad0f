using PatientIndex.Extracts;

namespace PatientIndex.Cli.Tests.Link;

public class LineReaderTests
{
    /// <summary>Gives at most a few characters a read, so line breaks (a CR and its LF too) fall across every refill.</summary>
    private sealed class TrickleReader(string text, int most) : TextReader
    {
        private int _at;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, most), text.Length - _at);
            text.CopyTo(_at, buffer, index, n);
            _at += n;
            return n;
        }
    }

    private static List<string> Lines(TextReader reader)
    {
        var lines = new List<string>();
        var lineReader = new LineReader(reader);
        while (lineReader.TryRead(out var line)) lines.Add(line.ToString());
        return lines;
    }

    private static List<string> AsTextReaderReadsThem(string text)
    {
        using var reader = new StringReader(text);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1 << 16)]
    public void lines_split_at_crlf_lf_and_lone_cr_as_text_readers_split_them_whatever_the_reads(int charactersPerRead)
    {
        var random = new Random(5);
        var breaks = new[] { "\n", "\r\n", "\r", "\n\n", "\r\r\n" };
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i =>
            new string((char)('a' + i % 26), i % 50 == 0 ? 20_000 + i : random.Next(0, 90)) + breaks[random.Next(breaks.Length)]));

        foreach (var variant in new[] { text, text.TrimEnd('\r', '\n'), "\r" + text, "" })
            Assert.Equal(AsTextReaderReadsThem(variant), Lines(new TrickleReader(variant, charactersPerRead)));
    }
}
