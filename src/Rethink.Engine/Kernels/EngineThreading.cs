namespace Rethink.Engine.Kernels;

/// <summary>
/// Process-wide threading settings of the engine's kernels. The kernels run on the calling thread plus a persistent
/// pool of spinning workers (one fewer than <see cref="MaxThreads"/>), because a fork/join through
/// <see cref="System.Threading.Tasks.Parallel"/> costs microseconds that matter once per matmul per token.
/// </summary>
/// <remarks>
/// Results never depend on the thread count: work is split into parts whose outputs are disjoint and whose
/// arithmetic does not depend on how many parts there are. Thread-safe; changing the value while kernels run
/// only affects calls that start afterwards.
/// </remarks>
public static class EngineThreading
{
    private static int maxThreads = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Maximum number of threads (caller included) one kernel call uses. Default: processor count.</summary>
    public static int MaxThreads
    {
        get => Volatile.Read(ref maxThreads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref maxThreads, value);
        }
    }
}
