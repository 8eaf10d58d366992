using System.Buffers;

namespace Rethink.Sandbox;

/// <summary>How one direction of a judged run's relay ended.</summary>
/// <param name="Lines">Whole lines forwarded.</param>
/// <param name="Overflow">True when a line passed the cap; nothing from that line on was forwarded.</param>
internal sealed record RelayOutcome(int Lines, bool Overflow);

/// <summary>
/// Forwards newline-terminated lines from one process's standard output to another's standard input, and nothing
/// else: a line is written only once its newline has arrived (so the receiver never reads half a line), a line longer
/// than the cap ends the relay, and a last line without a newline is dropped. The destination is closed when the
/// source ends, overflows or the relay is cancelled, so the receiver always sees its input end. Bytes are never
/// interpreted: the relay cannot be steered by what it carries.
/// </summary>
internal static class LineRelay
{
    public static async Task<RelayOutcome> PumpAsync(Stream source, Stream destination, int maxLineBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

        // The current line's bytes so far (at most maxLineBytes), and whether the receiver still takes input.
        var pending = new ArrayBufferWriter<byte>();
        var forwarding = true;
        var lines = 0;
        var overflow = false;
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                if (!forwarding)
                {
                    // Keep draining so that the writer never blocks on a full pipe while it is being killed.
                    continue;
                }

                var chunk = buffer.AsMemory(0, read);
                while (chunk.Length > 0)
                {
                    var newline = chunk.Span.IndexOf((byte)'\n');
                    var part = newline < 0 ? chunk : chunk[..newline];
                    if (pending.WrittenCount + part.Length > maxLineBytes)
                    {
                        overflow = true;
                        forwarding = false;
                        break;
                    }

                    if (newline < 0)
                    {
                        pending.Write(part.Span);
                        break;
                    }

                    pending.Write(chunk.Span[..(newline + 1)]);
                    chunk = chunk[(newline + 1)..];
                    if (!await TryWriteAsync(destination, pending.WrittenMemory, cancellationToken).ConfigureAwait(false))
                    {
                        forwarding = false;
                        break;
                    }

                    pending.ResetWrittenCount();
                    lines++;
                }

                if (!forwarding)
                {
                    Close(destination);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Close(destination);
        }

        return new RelayOutcome(lines, overflow);
    }

    private static async Task<bool> TryWriteAsync(Stream destination, ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        try
        {
            await destination.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The receiver is gone or stopped reading.
            return false;
        }
    }

    private static void Close(Stream destination)
    {
        try
        {
            destination.Dispose();
        }
        catch (IOException)
        {
        }
    }
}
