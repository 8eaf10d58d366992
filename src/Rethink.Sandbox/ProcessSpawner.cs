using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rethink.Sandbox;

/// <summary>
/// Starts child processes from one dedicated, never-ending thread. The children set a parent-death signal (setpriv
/// --pdeathsig, bwrap --die-with-parent) so that they die with us; Linux delivers it when the <em>thread</em> that
/// forked them exits, and a thread-pool thread can retire in the middle of a run, which would kill the program early.
/// </summary>
internal static class ProcessSpawner
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Queue = [];
    private static readonly Lazy<Thread> Worker = new(StartWorker, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<Process> StartAsync(ProcessStartInfo info)
    {
        _ = Worker.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((info, started));
        return started.Task;
    }

    private static Thread StartWorker()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "Rethink.Sandbox spawner" };
        thread.Start();
        return thread;
    }

    private static void Loop()
    {
        foreach (var (info, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
                started.SetResult(process);
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
