using Microsoft.Data.Sqlite;
using Rethink.Evaluation.Runs;

namespace Rethink.Cli.Commands;

/// <summary>Opens the run store with file errors (missing folder, not a SQLite file, newer schema) as usage errors.</summary>
internal static class RunStores
{
    public static async Task<IRunStore> OpenAsync(string path, CancellationToken cancellationToken, bool mustExist = false)
    {
        if (mustExist && !File.Exists(path))
        {
            throw CliException.Usage($"no run store at {path} (use --store FILE)");
        }

        var folder = Path.GetDirectoryName(path);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw CliException.Usage($"cannot open the run store {path}: the folder does not exist");
        }

        try
        {
            return await SqliteRunStore.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw CliException.Usage($"cannot open the run store {path}: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw CliException.Usage($"cannot open the run store {path}: {e.Message}");
        }
    }
}
