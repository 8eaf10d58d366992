namespace Rethink.Cli.Output;

/// <summary>What a path names, after following symlinks: the distinctions an output target needs.</summary>
internal enum FileNodeType
{
    /// <summary>Nothing is there (or a path component is missing or not a folder).</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A character device such as /dev/null, /dev/full or a terminal.</summary>
    CharacterDevice,

    /// <summary>A named pipe.</summary>
    Fifo,

    /// <summary>A block device, a socket or anything else a report is never written to.</summary>
    Other,

    /// <summary>The path could not be examined (permission denied, a symlink loop).</summary>
    Unreadable,
}
