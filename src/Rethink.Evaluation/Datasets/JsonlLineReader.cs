using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Splits a byte stream into lines without loading it whole: '\n' ends a line, a trailing '\r' is dropped (CRLF
/// files), a UTF-8 byte-order mark at the very start is skipped, a last line without '\n' still counts. Each line is
/// checked strictly, so invalid UTF-8 is reported with its line number instead of becoming U+FFFD. A line over the byte
/// limit ends the read: the reader stops consuming within one buffer of the limit and reports it, because finding where
/// the next line starts would mean reading on without bound (a stream such as /dev/zero never ends a line).
/// </summary>
internal static class JsonlLineReader
{
    private const int BufferBytes = 64 * 1024;

    /// <summary>Options every reader parses lines with: depth 64, no comments, no trailing commas, no duplicate keys.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        MaxDepth = 64,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>The message of a line over <paramref name="maxLineBytes"/>.</summary>
    public static string TooLongMessage(int maxLineBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"the line is longer than the limit of {maxLineBytes} bytes; reading stopped there");

    /// <summary>
    /// The lines of <paramref name="stream"/>. A yielded line's bytes are only valid until the next one is requested;
    /// a line with <see cref="JsonlLine.EndsRead"/> is the last one yielded.
    /// </summary>
    public static IEnumerable<JsonlLine> Read(Stream stream, int maxLineBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        return ReadLines(stream, maxLineBytes, cancellationToken);
    }

    /// <summary>True when the line holds nothing but white space (as <see cref="string.IsNullOrWhiteSpace"/> decides).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) != OperationStatus.Done || !Rune.IsWhiteSpace(rune))
            {
                return false;
            }

            utf8 = utf8[consumed..];
        }

        return true;
    }

    private static IEnumerable<JsonlLine> ReadLines(Stream stream, int maxLineBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        var line = new ArrayBufferWriter<byte>();
        var number = 1;
        var atStart = true;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var offset = 0;
            if (atStart)
            {
                atStart = false;
                if (buffer.AsSpan(0, read).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    offset = 3;
                }
            }

            while (offset < read)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', offset, read - offset);
                var partLength = (newline < 0 ? read : newline) - offset;

                // +1 leaves room for the '\r' of a CRLF line exactly at the limit.
                if (line.WrittenCount + partLength > maxLineBytes + 1)
                {
                    yield return new JsonlLine(number, default, TooLongMessage(maxLineBytes), EndsRead: true);
                    yield break;
                }

                line.Write(buffer.AsSpan(offset, partLength));
                if (newline < 0)
                {
                    break;
                }

                var finished = Finish(number++, line.WrittenMemory, maxLineBytes);
                yield return finished;
                if (finished.EndsRead)
                {
                    yield break;
                }

                // Only now: the consumer has finished with the bytes of the line just yielded.
                line.ResetWrittenCount();
                offset = newline + 1;
            }
        }

        if (line.WrittenCount > 0)
        {
            yield return Finish(number, line.WrittenMemory, maxLineBytes);
        }
    }

    private static JsonlLine Finish(int number, ReadOnlyMemory<byte> bytes, int maxLineBytes)
    {
        if (!bytes.IsEmpty && bytes.Span[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (bytes.Length > maxLineBytes)
        {
            return new JsonlLine(number, default, TooLongMessage(maxLineBytes), EndsRead: true);
        }

        return System.Text.Unicode.Utf8.IsValid(bytes.Span)
            ? new JsonlLine(number, bytes, null)
            : new JsonlLine(number, default, "the line is not valid UTF-8");
    }
}
