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

    public static bool IsRoot => GetEffectiveUid() == 0;

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
