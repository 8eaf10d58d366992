using System.Globalization;

namespace Rethink.Sandbox;

/// <summary>
/// Leases unprivileged uids to concurrency slots. A lease is an exclusive lock on a file (flock, through
/// <see cref="FileShare.None"/>), so two executors, or two rethink processes, never run programs under the same uid at
/// once: the sweep after a run kills every process of the uid, and RLIMIT_NPROC counts per uid.
/// </summary>
internal sealed class UidPool
{
    private readonly int baseUid;
    private readonly int count;
    private readonly string lockDirectory;
    private int next;

    public UidPool(int baseUid, int count, string lockDirectory)
    {
        this.baseUid = baseUid;
        this.count = count;
        this.lockDirectory = lockDirectory;
    }

    public async Task<UidLease> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var start = Interlocked.Increment(ref next);
            for (var i = 0; i < count; i++)
            {
                var uid = baseUid + (int)((uint)(start + i) % (uint)count);
                var path = Path.Join(lockDirectory, "uid-" + uid.ToString(CultureInfo.InvariantCulture) + ".lock");
                try
                {
                    var handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return new UidLease(uid, handle);
                }
                catch (IOException)
                {
                    // Held by another slot or process.
                }
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}

/// <summary>A uid held exclusively until disposed.</summary>
internal sealed class UidLease(int uid, FileStream handle) : IDisposable
{
    public int Uid { get; } = uid;

    public void Dispose() => handle.Dispose();
}
