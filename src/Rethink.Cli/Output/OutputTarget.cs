using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rethink.Cli.Commands;

namespace Rethink.Cli.Output;

/// <summary>
/// Where a command writes a document the user named with an option (<c>--json</c>, <c>--markdown</c>). Made by
/// <see cref="Parse"/> when the command starts, so a path that cannot be written is a usage error before any work
/// (and any model call) is done. Writing never replaces what is not a regular file:
/// <list type="bullet">
/// <item><c>-</c> is standard output, and so are <c>/dev/stdout</c> and <c>/dev/fd/1</c> (whatever standard output is:
/// a terminal, a pipe, a file the shell opened); <c>/dev/stderr</c> and <c>/dev/fd/2</c> are standard error. Other
/// descriptors (<c>/dev/fd/3</c>) are opened and written through.</item>
/// <item>A regular file, or a path where nothing is yet, is written atomically: a temporary file created exclusively in
/// the same folder (never following a planted symlink), then renamed over the path; a reader never sees half a
/// document, and the temporary file is removed when the write fails. A replaced file keeps its permission bits.</item>
/// <item>A symlink is followed and what it points at gets those rules: the link itself is never replaced, a regular
/// file it names is replaced atomically in that file's own folder, a device or FIFO it names is written through.</item>
/// <item>A character device (<c>/dev/null</c>, <c>/dev/stdout</c>, a terminal) or a FIFO is opened and written through:
/// no temporary file, no rename, no truncation. A FIFO without a reader waits for one, as a shell redirection does.</item>
/// <item>A folder, a block device or a socket is refused.</item>
/// </list>
/// Content passes <see cref="Evaluation.Runs.SecretScrubber.ScrubKnownSecrets"/> on the way out. A failed write (a full
/// disk, <c>/dev/full</c>, a closed pipe) is a <see cref="CliException"/> with <see cref="ExitCodes.Unexpected"/> naming the
/// option and the path. Immutable; a target may be written more than once (each write replaces a file's content).
/// </summary>
internal sealed class OutputTarget
{
    /// <summary>The value that names standard output.</summary>
    public const string StandardOutputName = "-";

    private readonly CliContext _context;

    private OutputTarget(CliContext context, string option, string given, OutputTargetKind kind, string? path)
    {
        _context = context;
        Option = option;
        Given = given;
        Kind = kind;
        Path = path;
    }

    /// <summary>The option that named the target (<c>--json</c>), for messages.</summary>
    public string Option { get; }

    /// <summary>The value as the user gave it, for messages.</summary>
    public string Given { get; }

    /// <summary>How the target is written.</summary>
    public OutputTargetKind Kind { get; }

    /// <summary>
    /// The absolute path written: for <see cref="OutputTargetKind.File"/> the path the rename lands on (a symlink's final
    /// target), for <see cref="OutputTargetKind.Stream"/> the path opened; null for standard output.
    /// </summary>
    public string? Path { get; }

    /// <summary>True for <c>-</c> (and <c>/dev/stdout</c>).</summary>
    public bool IsStandardOutput => Kind == OutputTargetKind.StandardOutput;

    /// <summary>True when the document goes to one of the command's own writers rather than to a path.</summary>
    public bool IsStandardStream => Kind is OutputTargetKind.StandardOutput or OutputTargetKind.StandardError;

    /// <summary>
    /// Checks <paramref name="value"/> (given to <paramref name="option"/>) as a place to write, without writing to it:
    /// the folder of a file must exist and accept a new file, an existing file or device must be writable. Anything
    /// else is a usage error (<see cref="ExitCodes.Usage"/>) naming the option and the path.
    /// </summary>
    public static OutputTarget Parse(CliContext context, string option, string value)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(value);
        if (value == StandardOutputName)
        {
            return new OutputTarget(context, option, value, OutputTargetKind.StandardOutput, null);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw CliException.Usage($"{option}: the file name is empty (give a file, or '-' for standard output)");
        }

        if (value.EndsWith('/') || value.EndsWith(System.IO.Path.DirectorySeparatorChar))
        {
            throw CliException.Usage($"{option} {value}: names a folder, not a file");
        }

        var full = context.Host.ResolvePath(value);

        // Before anything else: such a path is a link into /proc whose text ("pipe:[123]", a file the shell opened) is
        // no place to rename a file onto, and writing the process's own streams by path would bypass the host's writers.
        var descriptor = Descriptor(full);
        if (descriptor is 1 or 2)
        {
            return new OutputTarget(context, option, value, descriptor == 1 ? OutputTargetKind.StandardOutput : OutputTargetKind.StandardError, null);
        }

        var type = FileNodes.TypeOf(full, out var error);
        if (descriptor is { } open && type is not (FileNodeType.Directory or FileNodeType.Unreadable))
        {
            return type == FileNodeType.Missing
                ? throw CliException.Usage(string.Create(CultureInfo.InvariantCulture, $"cannot write {option} {value}: file descriptor {open} is not open"))
                : new OutputTarget(context, option, value, OutputTargetKind.Stream, full);
        }

        switch (type)
        {
            case FileNodeType.Directory:
                throw CliException.Usage($"{option} {value}: is a folder, not a file");
            case FileNodeType.CharacterDevice or FileNodeType.Fifo:
                if (FileNodes.WriteDenied(full) is { } denied)
                {
                    throw CliException.Usage($"cannot write {option} {value}: {denied}");
                }

                return new OutputTarget(context, option, value, OutputTargetKind.Stream, full);
            case FileNodeType.Regular or FileNodeType.Missing:
                var target = FinalTarget(full, option, value);
                CheckFile(target, type == FileNodeType.Regular, option, value);
                return new OutputTarget(context, option, value, OutputTargetKind.File, target);
            case FileNodeType.Unreadable:
                throw CliException.Usage($"cannot write {option} {value}: {error}");
            default:
                throw CliException.Usage(
                    $"{option} {value}: is neither a regular file, a character device nor a FIFO (reports go to files, to devices such as /dev/null, to FIFOs, or to '-' for standard output)");
        }
    }

    /// <summary>
    /// The target for one of several runs of one command: a file's name gets <paramref name="suffix"/> before its
    /// extension (<c>report.json</c> to <c>report.lab-sft.json</c>), checked as <see cref="Parse"/> checks; standard
    /// output, devices and FIFOs are the same target for every run.
    /// </summary>
    public OutputTarget WithSuffix(string suffix)
    {
        if (Kind != OutputTargetKind.File)
        {
            return this;
        }

        var extension = System.IO.Path.GetExtension(Given);
        return Parse(_context, Option, Given[..^extension.Length] + "." + suffix + extension);
    }

    /// <summary>
    /// Writes <paramref name="content"/> (scrubbed of known secrets) to the target; see the type's rules. The path is
    /// examined again first, since a run can take hours: what it names now decides how it is written.
    /// </summary>
    public async Task WriteAsync(string content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = _context.Scrubber.ScrubKnownSecrets(content) ?? string.Empty;
        var now = IsStandardStream ? this : Parse(_context, Option, Given);
        switch (now.Kind)
        {
            case OutputTargetKind.StandardOutput or OutputTargetKind.StandardError:
                // These may be a terminal: control characters from model text are shown, not obeyed.
                var writer = now.Kind == OutputTargetKind.StandardOutput ? _context.Out : _context.Error;
                await writer.WriteAsync(TerminalText.Sanitize(text).AsMemory(), cancellationToken).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                break;
            case OutputTargetKind.Stream:
                await now.WriteThroughAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await now.ReplaceAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>A short name for hints: the path as given, or "standard output".</summary>
    /// <summary>
    /// Writes binary <paramref name="content"/> (a Parquet file) with the same rules as text, except that a standard
    /// stream is refused: binary data is not for a terminal or a text pipe.
    /// </summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var now = IsStandardStream ? this : Parse(_context, Option, Given);
        switch (now.Kind)
        {
            case OutputTargetKind.StandardOutput or OutputTargetKind.StandardError:
                throw CliException.Usage($"{Option} {Given}: the output is binary; name a file");
            case OutputTargetKind.Stream:
                await now.WriteThroughAsync(content.ToArray(), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await now.ReplaceAsync(content.ToArray(), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    public override string ToString() => Kind switch
    {
        OutputTargetKind.StandardOutput => "standard output",
        OutputTargetKind.StandardError => "standard error",
        _ => Given,
    };

    // The descriptor a path names through /dev/stdout, /dev/fd/N or /proc/self/fd/N (following symlinks), or null.
    private static int? Descriptor(string full)
    {
        var path = full;
        for (var hops = 0; hops < 40; hops++)
        {
            var fd = DescriptorIn(path, "/dev/fd/") ?? DescriptorIn(path, "/proc/self/fd/") ?? DescriptorIn(path, "/proc/thread-self/fd/")
                ?? DescriptorIn(path, string.Create(CultureInfo.InvariantCulture, $"/proc/{Environment.ProcessId}/fd/"));
            if (fd is not null)
            {
                return fd;
            }

            string? link;
            try
            {
                link = new FileInfo(path).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (link is null)
            {
                return null;
            }

            path = System.IO.Path.GetFullPath(link, System.IO.Path.GetDirectoryName(path)!);
        }

        return null;
    }

    private static int? DescriptorIn(string path, string folder)
    {
        if (!path.StartsWith(folder, StringComparison.Ordinal)
            || !int.TryParse(path.AsSpan(folder.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var fd))
        {
            return null;
        }

        return fd;
    }

    // Follows a symlink chain to the path a rename must land on, so the link itself stays a link.
    private static string FinalTarget(string full, string option, string value)
    {
        try
        {
            return new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)!.FullName;
        }
        catch (IOException e)
        {
            throw CliException.Usage($"cannot write {option} {value}: {e.Message}");
        }
    }

    private static void CheckFile(string target, bool exists, string option, string value)
    {
        var folder = System.IO.Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            throw CliException.Usage(File.Exists(folder)
                ? $"cannot write {option} {value}: {folder} is not a folder"
                : $"cannot write {option} {value}: the folder {folder} does not exist");
        }

        if (exists && FileNodes.WriteDenied(target) is { } denied)
        {
            throw CliException.Usage($"cannot write {option} {value}: {denied}");
        }

        // The only reliable test that the folder takes a new file (permissions, ACLs, a read-only mount) is making one.
        try
        {
            using var probe = new FileStream(TemporaryPath(target), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot write {option} {value}: the folder {folder} does not take new files ({e.Message})");
        }
    }

    // Hidden, beside the target (a rename within one folder is atomic), with a name nobody can guess in advance.
    private static string TemporaryPath(string target) => System.IO.Path.Join(
        System.IO.Path.GetDirectoryName(target),
        "." + System.IO.Path.GetFileName(target) + "." + RandomNumberGenerator.GetHexString(12, lowercase: true) + ".tmp");

    private async Task ReplaceAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var target = Path!;
        var temporary = TemporaryPath(target);
        var created = false;
        try
        {
            // CreateNew is O_CREAT|O_EXCL: it fails on anything already there, a planted symlink included.
            var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 });
            created = true;
            await using (stream.ConfigureAwait(false))
            {
                if (!OperatingSystem.IsWindows() && File.Exists(target))
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, File.GetUnixFileMode(target));
                }

                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);

                // On disk before the rename, so a crash cannot leave an empty file where the old report was.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
            created = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(e);
        }
        finally
        {
            if (created)
            {
                File.Delete(temporary);
            }
        }
    }

    private async Task WriteThroughAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            // Open, not create or truncate: the node stays what it was. Shared, so no lock is taken on a device that
            // another process (another run writing to /dev/null) may hold open.
            var stream = new FileStream(Path!, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0 });
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(e);
        }
    }

    private CliException Failed(Exception e) =>
        new(ExitCodes.Unexpected, string.Create(CultureInfo.InvariantCulture, $"cannot write {Option} {Given}: {e.Message}"), e);
}
