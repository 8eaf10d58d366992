using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Splits a byte stream into lines without loading it whole: '\n' ends a line, a trailing '\r' is dropped (CRLF
/// files), a UTF-8 byte-order mark at the very start is skipped, a last line without '\n' still counts. Each line
/// is decoded strictly, so invalid UTF-8 is reported with its line number instead of becoming U+FFFD; a line over
/// the byte limit is reported and its bytes are discarded as they stream past.
/// </summary>
internal static class JsonlLineReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Options every reader parses lines with: depth 64, no comments, no trailing commas, no duplicate keys.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new()
    {
        MaxDepth = 64,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    public static IEnumerable<JsonlLine> Read(Stream stream, int maxLineBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        var buffer = new byte[64 * 1024];
        var line = new ArrayBufferWriter<byte>();
        var number = 1;
        var tooLong = false;
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
                if (!tooLong)
                {
                    // +1 leaves room for the '\r' of a CRLF line exactly at the limit.
                    if (line.WrittenCount + partLength > maxLineBytes + 1)
                    {
                        tooLong = true;
                        line.Clear();
                    }
                    else
                    {
                        line.Write(buffer.AsSpan(offset, partLength));
                    }
                }

                if (newline < 0)
                {
                    break;
                }

                yield return Finish(number++, line, ref tooLong, maxLineBytes);
                offset = newline + 1;
            }
        }

        if (line.WrittenCount > 0 || tooLong)
        {
            yield return Finish(number, line, ref tooLong, maxLineBytes);
        }
    }

    private static JsonlLine Finish(int number, ArrayBufferWriter<byte> line, ref bool tooLong, int maxLineBytes)
    {
        try
        {
            var bytes = line.WrittenSpan;
            if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
            {
                bytes = bytes[..^1];
            }

            if (tooLong || bytes.Length > maxLineBytes)
            {
                return new JsonlLine(number, null, string.Create(CultureInfo.InvariantCulture, $"the line is longer than the limit of {maxLineBytes} bytes"));
            }

            try
            {
                return new JsonlLine(number, StrictUtf8.GetString(bytes), null);
            }
            catch (DecoderFallbackException)
            {
                return new JsonlLine(number, null, "the line is not valid UTF-8");
            }
        }
        finally
        {
            line.Clear();
            tooLong = false;
        }
    }
}
