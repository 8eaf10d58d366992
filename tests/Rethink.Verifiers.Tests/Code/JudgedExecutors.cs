using System.Globalization;
using Rethink.Sandbox;

namespace Rethink.Verifiers.Tests.Code;

/// <summary>
/// The executors the judged-run tests share. Their uids come from a range of their own (apart from the default pool and
/// from the sandbox tests'), so that another test assembly's post-run sweep never kills these programs.
/// </summary>
internal static class JudgedExecutors
{
    private static readonly Lazy<UnsafeLocalExecutor> SharedLocal = new(() => new UnsafeLocalExecutor(Options()));
    private static readonly Lazy<BubblewrapExecutor> SharedSandbox = new(() => new BubblewrapExecutor(Options()));

    /// <summary>Plain child processes with limits: for trusted programs only.</summary>
    public static UnsafeLocalExecutor Local => SharedLocal.Value;

    /// <summary>The bubblewrap sandbox: for the hostile suite.</summary>
    public static BubblewrapExecutor Sandbox => SharedSandbox.Value;

    private static SandboxOptions Options() => new()
    {
        WorkRoot = Path.Join(Path.GetTempPath(), "rethink-judged-tests-" + Environment.UserName.ToString(CultureInfo.InvariantCulture)),
        BaseUid = 2_100_200_000,
        MaxConcurrency = 8,
    };
}
