using System.Runtime.InteropServices;

namespace Rethink.Sandbox;

/// <summary>The few libc calls .NET does not expose: the effective uid, chown, and kill by pid.</summary>
internal static partial class Native
{
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUid();

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownRaw(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LchownRaw(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillRaw(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatxRaw(int directoryFd, string path, int flags, uint mask, byte* buffer);

    public static bool IsRoot => GetEffectiveUid() == 0;

    public static uint EffectiveUid => GetEffectiveUid();

    /// <summary>
    /// Owner and mode of <paramref name="path"/> itself (a symlink is not followed), or null if it cannot be read.
    /// statx has one struct layout on every architecture, unlike stat.
    /// </summary>
    public static unsafe (uint Owner, uint Mode)? OwnerAndMode(string path)
    {
        const int AtFdCwd = -100;
        const int AtSymlinkNoFollow = 0x100;
        const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8;
        var buffer = stackalloc byte[256];
        if (StatxRaw(AtFdCwd, path, AtSymlinkNoFollow, StatxTypeModeUid, buffer) != 0)
        {
            return null;
        }

        // struct statx: u32 stx_mask @0, u32 stx_blksize @4, u64 stx_attributes @8, u32 stx_nlink @16, u32 stx_uid @20,
        // u32 stx_gid @24, u16 stx_mode @28.
        return (*(uint*)(buffer + 20), *(ushort*)(buffer + 28));
    }

    public static void Chown(string path, int uid)
    {
        if (ChownRaw(path, (uint)uid, (uint)uid) != 0)
        {
            throw new IOException($"chown {path} to {uid} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Changes ownership without following a symlink (cleanup of directories the program wrote).</summary>
    public static void Lchown(string path, uint uid) => _ = LchownRaw(path, uid, uid);

    /// <summary>Sends SIGKILL; a process that is already gone is not an error.</summary>
    public static void Kill(int pid) => _ = KillRaw(pid, SigKill);
}
