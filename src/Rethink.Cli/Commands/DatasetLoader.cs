using Rethink.Core;
using Rethink.Evaluation.Datasets;

namespace Rethink.Cli.Commands;

/// <summary>
/// Reads a dataset up front, before any model call, so a bad line costs nothing: under <c>--on-error stop</c> the
/// first bad line is a usage error naming file, line and field; under <c>skip</c> each bad line is a warning.
/// </summary>
internal static class DatasetLoader
{
    public static IDatasetFormat Format(string name, FieldMapping? mapping = null)
    {
        try
        {
            return DatasetFormats.Get(name, mapping);
        }
        catch (ArgumentException)
        {
            throw CliException.Usage($"unknown format '{name}'; supported: {string.Join(", ", DatasetFormats.Names)}");
        }
    }

    /// <summary>A format that names how to extract an answer, for commands without a dataset (<c>ask</c>): the code formats are refused.</summary>
    public static IDatasetFormat AnswerFormat(string name)
    {
        var answerFormats = DatasetFormats.Names.Where(n => !DatasetFormats.IsCode(n)).ToList();
        return answerFormats.Contains(name.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            ? DatasetFormats.Get(name)
            : throw CliException.Usage($"unknown format '{name}'; supported: {string.Join(", ", answerFormats)}");
    }

    public static string RequireFile(CliContext context, string path, string option)
    {
        var full = context.Host.ResolvePath(path);
        return File.Exists(full) ? full : throw CliException.Usage($"{option} file not found: {path}");
    }

    public static IReadOnlyList<Problem> Load(
        CliContext context, string fullPath, IDatasetFormat format, bool skipBadLines, CancellationToken cancellationToken, MissingIdPolicy missingIds = MissingIdPolicy.ContentHash)
    {
        var reader = new DatasetReader(format, new DatasetReadOptions
        {
            ErrorPolicy = skipBadLines ? DatasetErrorPolicy.Skip : DatasetErrorPolicy.Stop,
            MissingIds = missingIds,
        });
        DatasetLoadResult<Problem> result;
        try
        {
            result = reader.Load(fullPath, cancellationToken);
        }
        catch (DatasetException e)
        {
            throw CliException.Usage(e.Error.ToString());
        }
        catch (InvalidDataException e)
        {
            // A .gz name whose content is not gzip.
            throw CliException.Usage($"{fullPath}: {e.Message}");
        }

        foreach (var error in result.Errors)
        {
            context.WriteHint("warning: skipped " + error);
        }

        if (result.Items.Count == 0)
        {
            throw CliException.Usage($"{fullPath}: no problems to run");
        }

        return result.Items;
    }
}
