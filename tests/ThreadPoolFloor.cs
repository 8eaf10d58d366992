using System.Runtime.CompilerServices;

namespace Rethink.Tests;

/// <summary>
/// Raises the thread pool's minimum for every test assembly, before its first test runs.
/// </summary>
/// <remarks>
/// The vstest host and the xunit v2 adapter keep some pool threads blocked for the whole run. On 2 cores the pool then
/// has no free thread, and it adds one only every ~0.5 s. Tests that time things with an in-process Kestrel server
/// suffer from that: a <c>Task.Delay(400)</c> in the fake server once took 1.1 s, and a 1 s idle-timeout test failed
/// about one run in three. The same test run 12 times from a plain console never starved. The floor
/// lets those tests measure the code under test instead of the test host.
/// </remarks>
internal static class ThreadPoolFloor
{
    private const int Minimum = 16;

    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Minimum), Math.Max(io, Minimum));
    }
}
