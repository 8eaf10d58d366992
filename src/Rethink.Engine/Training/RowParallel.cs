using Rethink.Engine.Kernels;

namespace Rethink.Engine.Training;

/// <summary>
/// Splits independent work items over threads. Callers only use it for work whose outputs are disjoint per item and
/// whose arithmetic does not depend on the split, so results are identical for any thread count or schedule.
/// </summary>
internal static class RowParallel
{
    /// <summary>Runs body(start, end) over contiguous ranges covering [0, count); small counts run inline.</summary>
    public static void For(int count, int minPerChunk, Action<int, int> body)
    {
        if (count <= 0)
        {
            return;
        }

        var threads = EngineThreading.MaxThreads;
        var chunks = Math.Min(threads * 4, Math.Max(1, count / Math.Max(1, minPerChunk)));
        if (chunks <= 1 || threads == 1)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            var start = (int)((long)count * c / chunks);
            var end = (int)((long)count * (c + 1) / chunks);
            body(start, end);
        });
    }
}
