using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rethink.Core;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Reads a JSONL dataset with an <see cref="IDatasetFormat"/>, streaming it line by line. Blank lines are skipped; a
/// UTF-8 BOM and CRLF line ends are accepted; every rejected line (invalid JSON or UTF-8, not an object, a field the
/// format refuses, a duplicate id) becomes a <see cref="DatasetError"/> naming the file, the line and the field. A line
/// over <see cref="DatasetReadOptions.MaxLineBytes"/> ends the read instead (<see cref="DatasetException"/> under either
/// policy), so input that never ends a line cannot hang it. Items without an id get one per
/// <see cref="DatasetReadOptions.MissingIds"/>; the first item with an id wins and later ones are rejected.
/// Immutable; each enumeration opens the file afresh and may run concurrently with others.
/// </summary>
public sealed class DatasetReader
{
    /// <summary>Creates a reader for <paramref name="format"/>.</summary>
    public DatasetReader(IDatasetFormat format, DatasetReadOptions? options = null)
    {
        Format = format ?? throw new ArgumentNullException(nameof(format));
        Options = options ?? new DatasetReadOptions();
    }

    /// <summary>The item format.</summary>
    public IDatasetFormat Format { get; }

    /// <summary>Error policy, line limit, id policy.</summary>
    public DatasetReadOptions Options { get; }

    /// <summary>
    /// Every non-blank line of the file at <paramref name="path"/>, as a problem or an error, in file order; never throws
    /// for a bad line, only for I/O failures and for a line over <see cref="DatasetReadOptions.MaxLineBytes"/>
    /// (<see cref="DatasetException"/>: nothing after it can be read). Lazy: the file is opened when enumeration starts.
    /// </summary>
    public IEnumerable<DatasetEntry<Problem>> ReadEntries(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Opened(path, cancellationToken);
    }

    /// <summary>As <see cref="ReadEntries(string, CancellationToken)"/> over <paramref name="stream"/> (not disposed), reporting errors against <paramref name="file"/>.</summary>
    public IEnumerable<DatasetEntry<Problem>> ReadEntries(Stream stream, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        return JsonlEntries.Read(stream, file, Options, (item, line) => Convert(item, line), cancellationToken)
            .Select(entry => CheckDuplicate(entry, file, firstLine));
    }

    /// <summary>
    /// The problems in file order. Under <see cref="DatasetErrorPolicy.Stop"/> a bad line throws
    /// <see cref="DatasetException"/> when enumeration reaches it; under <see cref="DatasetErrorPolicy.Skip"/> it is
    /// skipped and added to <paramref name="errors"/> (when given).
    /// </summary>
    public IEnumerable<Problem> ReadProblems(string path, ICollection<DatasetError>? errors = null, CancellationToken cancellationToken = default) =>
        JsonlEntries.Apply(ReadEntries(path, cancellationToken), Options.ErrorPolicy, errors);

    /// <summary>Reads the whole file into memory: problems and (under Skip) errors. Under Stop, throws at the first error.</summary>
    public DatasetLoadResult<Problem> Load(string path, CancellationToken cancellationToken = default)
    {
        var errors = new List<DatasetError>();
        var problems = ReadProblems(path, errors, cancellationToken).ToList();
        return new DatasetLoadResult<Problem>(problems, errors);
    }

    private IEnumerable<DatasetEntry<Problem>> Opened(string path, CancellationToken cancellationToken)
    {
        using var stream = JsonlEntries.Open(path);
        foreach (var entry in ReadEntries(stream, path, cancellationToken))
        {
            yield return entry;
        }
    }

    private Problem Convert(System.Text.Json.JsonElement item, int line)
    {
        var problem = Format.Convert(item);
        if (problem.Id.Length > 0)
        {
            return problem;
        }

        var id = Options.MissingIds == MissingIdPolicy.LineNumber
            ? string.Create(CultureInfo.InvariantCulture, $"line-{line}")
            : ContentHashId(problem);
        return problem with { Id = id };
    }

    private DatasetEntry<Problem> CheckDuplicate(DatasetEntry<Problem> entry, string file, Dictionary<string, int> firstLine)
    {
        if (entry.Item is not { } problem)
        {
            return entry;
        }

        if (firstLine.TryGetValue(problem.Id, out var first))
        {
            return entry with
            {
                Item = null,
                Error = new DatasetError(file, entry.Line, Format.IdField, string.Create(CultureInfo.InvariantCulture, $"duplicate id '{problem.Id}' (first used on line {first})")),
            };
        }

        firstLine[problem.Id] = entry.Line;
        return entry;
    }

    /// <summary><c>h-</c> + 16 hex digits of SHA-256 over the messages (role, NUL, text, NUL each) and the gold answer.</summary>
    private static string ContentHashId(Problem problem)
    {
        var builder = new StringBuilder();
        foreach (var message in problem.Messages)
        {
            builder.Append(message.Role).Append('\0').Append(message.Text).Append('\0');
        }

        builder.Append(problem.Reference.Answer);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
        return "h-" + System.Convert.ToHexStringLower(hash)[..16];
    }
}
