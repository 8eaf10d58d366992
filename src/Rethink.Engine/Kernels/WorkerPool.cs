using System.Diagnostics;

namespace Rethink.Engine.Kernels;

/// <summary>
/// A persistent pool of worker threads that spin briefly waiting for work and then sleep. One batch runs at a
/// time; a caller that finds the pool busy (another thread's kernel, or a nested call) runs its parts inline, so
/// concurrent callers never deadlock and never wait on each other.
/// </summary>
internal sealed class WorkerPool
{
    // How long an idle worker spins before blocking: long enough to bridge the gap between matmuls of one
    // token (attention, norms), short enough not to burn a core that other processes on this machine need.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 us

    private readonly object gate = new();
    private readonly int workerCount;
    private Batch? current;
    private int busy;
    private int sleeping;

    private WorkerPool(int workers)
    {
        workerCount = workers;
        for (var i = 0; i < workers; i++)
        {
            var t = new Thread(WorkerLoop) { IsBackground = true, Name = $"Rethink.Engine worker {i}" };
            t.Start();
        }
    }

    /// <summary>The process-wide pool: processor count - 1 workers (the caller is the other thread).</summary>
    public static WorkerPool Shared { get; } = new(Math.Max(0, Environment.ProcessorCount - 1));

    /// <summary>Number of threads a batch can use right now (caller included).</summary>
    public int Threads => Math.Min(workerCount + 1, EngineThreading.MaxThreads);

    /// <summary>Runs parts 0..parts-1 of <paramref name="job"/>, on the pool when it is free, else inline.</summary>
    public void Run(IParallelJob job, int parts)
    {
        if (parts <= 0)
        {
            return;
        }

        if (parts == 1 || Threads <= 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (var i = 0; i < parts; i++)
            {
                job.Execute(i);
            }

            return;
        }

        try
        {
            var batch = new Batch(job, parts, Threads - 1);
            // Exchange is a full fence: the batch is visible before we read the sleeper count (no lost wake-up).
            Interlocked.Exchange(ref current, batch);
            if (Volatile.Read(ref sleeping) > 0)
            {
                lock (gate)
                {
                    Monitor.PulseAll(gate);
                }
            }

            batch.Work();
            var spinner = default(SpinWait);
            while (Volatile.Read(ref batch.Done) < parts)
            {
                spinner.SpinOnce(-1);
            }

            if (batch.Error is { } error)
            {
                throw new AggregateException(error);
            }
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    private void WorkerLoop()
    {
        Batch? seen = null;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            Batch? b;
            var spins = 0;
            while ((b = Volatile.Read(ref current)) == seen)
            {
                Thread.SpinWait(8);
                if ((++spins & 63) == 0 && Stopwatch.GetTimestamp() - start > SpinTicks)
                {
                    lock (gate)
                    {
                        sleeping++;
                        while ((b = Volatile.Read(ref current)) == seen)
                        {
                            Monitor.Wait(gate);
                        }

                        sleeping--;
                    }

                    break;
                }
            }

            seen = b;
            b!.Work();
        }
    }

    private sealed class Batch(IParallelJob job, int parts, int helpers)
    {
        public int Done;
        public Exception? Error;
        private int next;
        private int joined;

        public void Work()
        {
            // Workers beyond the allowed helper count (EngineThreading.MaxThreads) sit this batch out.
            if (Environment.CurrentManagedThreadId != callerId && Interlocked.Increment(ref joined) > helpers)
            {
                return;
            }

            int i;
            while ((i = Interlocked.Increment(ref next) - 1) < parts)
            {
                try
                {
                    job.Execute(i);
                }
                catch (Exception e)
                {
                    Error ??= e;
                }

                Interlocked.Increment(ref Done);
            }
        }

        private readonly int callerId = Environment.CurrentManagedThreadId;
    }
}
