namespace Rethink.Evaluation.Tests.Datasets;

/// <summary>
/// A read-only stream that never ends and never contains a newline (like /dev/zero), counting what was read. Past
/// <see cref="Guard"/> bytes it throws, so a reader that keeps consuming fails fast instead of hanging the test run.
/// </summary>
internal sealed class EndlessStream(byte fill, long guard) : Stream
{
    private long _read;

    public long Guard { get; } = guard;

    /// <summary>Bytes handed out so far.</summary>
    public long BytesRead => _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_read > Guard)
        {
            throw new InvalidOperationException($"the reader went on past {Guard} bytes of a line that never ends");
        }

        buffer.AsSpan(offset, count).Fill(fill);
        _read += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
