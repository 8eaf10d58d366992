using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Rethink.Data;

/// <summary>
/// Reads our jsonl format (<see cref="JsonlRecordWriter"/>) back: one record per non-empty line, every field. A line
/// that is not a record of the schema throws <see cref="InvalidDataException"/> naming its line number. Stateless and
/// thread-safe; the stream is read from its current position and left open.
/// </summary>
public static class TrainingRecordReader
{
    /// <summary>The records of <paramref name="source"/>, in file order, streamed.</summary>
    public static async IAsyncEnumerable<TrainingRecord> ReadAsync(Stream source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var reader = new StreamReader(source, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            yield return Parse(line, number);
        }
    }

    /// <summary>All records of <paramref name="source"/>, in file order.</summary>
    public static async Task<IReadOnlyList<TrainingRecord>> ReadAllAsync(Stream source, CancellationToken cancellationToken = default)
    {
        var list = new List<TrainingRecord>();
        await foreach (var record in ReadAsync(source, cancellationToken).ConfigureAwait(false))
        {
            list.Add(record);
        }

        return list;
    }

    /// <summary>The record on one line; <paramref name="lineNumber"/> names it in errors.</summary>
    public static TrainingRecord Parse(string line, int lineNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var document = JsonDocument.Parse(line);
            return TrainingRecordJson.Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Line {lineNumber} is not JSON: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Line {lineNumber} is not a Rethink training record: {e.Message}.", e);
        }
    }
}
