namespace Rethink.Cli.Output;

/// <summary>How an <see cref="OutputTarget"/> is written.</summary>
internal enum OutputTargetKind
{
    /// <summary><c>-</c>, <c>/dev/stdout</c> or <c>/dev/fd/1</c>: the command's standard output.</summary>
    StandardOutput,

    /// <summary><c>/dev/stderr</c> or <c>/dev/fd/2</c>: the command's standard error.</summary>
    StandardError,

    /// <summary>A regular file or a new one: a temporary file in the same folder, then a rename over the path.</summary>
    File,

    /// <summary>A character device, a FIFO or another open descriptor: opened and written through, never created, truncated or replaced.</summary>
    Stream,
}
