namespace PatientIndex.Extracts;

/// <summary>
/// Lines of text as <see cref="TextReader.ReadLine"/> splits them (at CRLF, LF or a lone CR), handed out
/// as views of one reused buffer rather than a new string each: a million-row extract would otherwise
/// make a million strings that are garbage as soon as their fields are read.
/// </summary>
internal sealed class LineReader(TextReader reader)
{
    private char[] _buffer = new char[1 << 14];
    private int _start;
    private int _end;
    private bool _atEnd;
    /// <summary>The last line ended with a CR at the end of the buffer: a LF read next belongs to it.</summary>
    private bool _skipLineFeed;

    /// <summary>Lines handed out so far.</summary>
    public long LinesRead { get; private set; }

    /// <summary>The next line, valid until the next call; false at the end of the text.</summary>
    public bool TryRead(out ReadOnlySpan<char> line)
    {
        if (!TryReadNext(out line)) return false;
        LinesRead++;
        return true;
    }

    private bool TryReadNext(out ReadOnlySpan<char> line)
    {
        var scanned = 0;
        while (true)
        {
            if (_skipLineFeed && _start < _end)
            {
                if (_buffer[_start] == '\n') _start++;
                _skipLineFeed = false;
            }
            var pending = _buffer.AsSpan(_start + scanned, _end - _start - scanned);
            var breakAt = pending.IndexOfAny('\r', '\n');
            if (breakAt >= 0)
            {
                var length = scanned + breakAt;
                line = _buffer.AsSpan(_start, length);
                var lineBreak = _buffer[_start + length];
                _start += length + 1;
                if (lineBreak == '\r')
                {
                    if (_start < _end) { if (_buffer[_start] == '\n') _start++; }
                    else _skipLineFeed = true;
                }
                return true;
            }
            scanned = _end - _start;
            if (_atEnd)
            {
                line = _buffer.AsSpan(_start, scanned);
                _start = _end;
                return scanned > 0;
            }
            Fill();
        }
    }

    /// <summary>Moves the unread text to the front, growing the buffer when one line fills it, and reads more.</summary>
    private void Fill()
    {
        var unread = _end - _start;
        if (unread == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        else if (_start > 0) _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        (_start, _end) = (0, unread);
        var read = reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _atEnd = true;
        _end += read;
    }
}
