namespace PatientIndex.Storage.Internal;

/// <summary>
/// A job's upload read back part by part, one part in memory at a time. The parts of a submitted job
/// never change, so each is read on its own (pooled) connection and the stream holds none open.
/// The readers give the part of the number asked for, or null past the last.
/// </summary>
internal sealed class UploadStream(string jobId, long length, Func<int, byte[]?> readPart, Func<int, CancellationToken, Task<byte[]?>> readPartAsync) : Stream
{
    private byte[] _part = [];
    private int _offset;
    private int _nextPart;
    private long _position;
    private bool _ended;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (buffer.Length > 0 && _offset == _part.Length && !_ended) Next(readPart(_nextPart));
        return Take(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0 && _offset == _part.Length && !_ended) Next(await readPartAsync(_nextPart, cancellationToken));
        return Take(buffer.Span);
    }

    private void Next(byte[]? part)
    {
        if (part is null)
        {
            // A missing part would otherwise read as a shorter extract, linked as if it were whole.
            if (_position != length)
                throw new InvalidDataException($"the upload of job {jobId} ends after {_position} of its {length} bytes: part {_nextPart} is missing");
            _ended = true;
            return;
        }
        _part = part;
        _offset = 0;
        _nextPart++;
    }

    private int Take(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _part.Length - _offset);
        _part.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        _position += count;
        return count;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
