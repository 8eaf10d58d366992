using System.Runtime.InteropServices;

namespace Rethink.Cli.Output;

/// <summary>
/// The file-type and access checks .NET does not expose: whether a path is a device or a FIFO (which must be written
/// through, never replaced) and whether it may be written. Linux uses statx, whose struct has one layout on every
/// architecture, unlike stat's.
/// </summary>
internal static partial class FileNodes
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int WriteOk = 2;
    private const int NoEntry = 2;
    private const int NotDirectory = 20;

    /// <summary>The type of what <paramref name="path"/> names once symlinks are followed; <paramref name="error"/> says why when <see cref="FileNodeType.Unreadable"/>.</summary>
    public static FileNodeType TypeOf(string path, out string? error)
    {
        error = null;
        if (OperatingSystem.IsLinux())
        {
            return LinuxTypeOf(path, out error);
        }

        // Elsewhere without the file type: folders and files as .NET sees them, and device nodes by where they live.
        if (Directory.Exists(path))
        {
            return FileNodeType.Directory;
        }

        if (!File.Exists(path))
        {
            return FileNodeType.Missing;
        }

        return path.StartsWith("/dev/", StringComparison.Ordinal) ? FileNodeType.CharacterDevice : FileNodeType.Regular;
    }

    /// <summary>Null when this process may write <paramref name="path"/> (access(2), W_OK), else the reason.</summary>
    public static string? WriteDenied(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return Access(path, WriteOk) == 0 ? null : Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
    }

    private static unsafe FileNodeType LinuxTypeOf(string path, out string? error)
    {
        error = null;
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is NoEntry or NotDirectory)
            {
                return FileNodeType.Missing;
            }

            error = Marshal.GetPInvokeErrorMessage(errno);
            return FileNodeType.Unreadable;
        }

        // struct statx: u32 stx_mask @0, u32 stx_blksize @4, u64 stx_attributes @8, u32 stx_nlink @16, u32 stx_uid @20,
        // u32 stx_gid @24, u16 stx_mode @28; the type is in the S_IFMT bits of the mode.
        var mode = *(ushort*)(buffer + 28);
        return (mode & 0xF000) switch
        {
            0x8000 => FileNodeType.Regular,
            0x4000 => FileNodeType.Directory,
            0x2000 => FileNodeType.CharacterDevice,
            0x1000 => FileNodeType.Fifo,
            _ => FileNodeType.Other,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}
