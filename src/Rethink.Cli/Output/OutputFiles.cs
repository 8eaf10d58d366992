using Rethink.Cli.Commands;

namespace Rethink.Cli.Output;

/// <summary>
/// Writes report files atomically (a temporary file in the same folder, then a rename), so an interrupted write never
/// leaves half a JSON file where a script expects a whole one. Content is redacted on the way out.
/// </summary>
internal static class OutputFiles
{
    public static async Task WriteAsync(CliContext context, string path, string content, CancellationToken cancellationToken)
    {
        var full = context.Host.ResolvePath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw CliException.Usage($"cannot write {path}: the folder {directory} does not exist");
        }

        var temporary = Path.Join(directory, "." + Path.GetFileName(full) + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, context.Scrubber.ScrubKnownSecrets(content), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw CliException.Usage($"cannot write {path}: {e.Message}");
        }
    }
}
