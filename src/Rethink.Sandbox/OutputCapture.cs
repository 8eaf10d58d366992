using System.Buffers;
using System.Text;

namespace Rethink.Sandbox;

/// <summary>What one output stream produced, up to the cap.</summary>
internal sealed record CapturedOutput(string Text, bool Truncated)
{
    public static readonly CapturedOutput Empty = new(string.Empty, false);
}

/// <summary>Reads a pipe to its end, keeping the first <c>cap</c> bytes and dropping the rest (never buffering it).</summary>
internal static class OutputCapture
{
    public static async Task<CapturedOutput> ReadAsync(Stream stream, int cap, CancellationToken cancellationToken)
    {
        var kept = new MemoryStream();
        var truncated = false;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await stream.ReadAsync(buffer, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Abandoned after the process tree died; what was read so far is the output.
                    break;
                }
                catch (IOException)
                {
                    break;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                var room = cap - (int)kept.Length;
                if (read > room)
                {
                    truncated = true;
                }

                if (room > 0)
                {
                    kept.Write(buffer, 0, Math.Min(room, read));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // Invalid UTF-8 (including a character cut by the cap) decodes to U+FFFD: deterministic, never an exception.
        return new CapturedOutput(Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length), truncated);
    }
}
