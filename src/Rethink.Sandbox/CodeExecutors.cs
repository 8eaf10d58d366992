using System.Diagnostics;
using System.Globalization;
using Rethink.Core.Execution;

namespace Rethink.Sandbox;

/// <summary>
/// Creates code executors and fails closed: the bubblewrap sandbox when it works here, otherwise a
/// <see cref="SandboxUnavailableException"/> naming the missing piece, unless the caller explicitly allowed the
/// <see cref="UnsafeLocalExecutor"/>.
/// </summary>
public static class CodeExecutors
{
    /// <summary>
    /// Returns a <see cref="BubblewrapExecutor"/> when the sandbox works; an <see cref="UnsafeLocalExecutor"/> when
    /// <see cref="SandboxOptions.ForceUnsafeLocal"/> is set, or when the sandbox does not work and
    /// <see cref="SandboxOptions.AllowUnsafeLocal"/> is set. The result's <see cref="ICodeExecutor.Isolation"/> says which.
    /// </summary>
    /// <exception cref="SandboxUnavailableException">The sandbox is unavailable and unsafe local execution was not allowed, or the tools even that needs are missing.</exception>
    public static ProcessExecutor Create(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ForceUnsafeLocal)
        {
            return new UnsafeLocalExecutor(options);
        }

        var availability = CheckSandbox(options);
        if (availability.IsAvailable)
        {
            return new BubblewrapExecutor(options);
        }

        if (options.AllowUnsafeLocal)
        {
            return new UnsafeLocalExecutor(options);
        }

        throw new SandboxUnavailableException(availability.Problem + " (or allow unsandboxed execution explicitly with --unsafe-local-exec)");
    }

    /// <summary>
    /// Checks every piece the sandbox needs: bubblewrap, setpriv, prlimit, an interpreter, a uid pool free of real
    /// accounts, and user namespaces (by starting a probe sandbox, about 10 ms). Never throws for a missing piece.
    /// </summary>
    public static SandboxAvailability CheckSandbox(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problem = CheckTools(options, bubblewrap: true, out var runners) ?? CheckUidPool(options) ?? ProbeNamespaces(options);
        return problem is null ? new SandboxAvailability(true, null, runners) : new SandboxAvailability(false, problem, []);
    }

    /// <summary>Checks the executables; returns a problem line or null, and the runners whose interpreters exist.</summary>
    internal static string? CheckTools(SandboxOptions options, bool bubblewrap, out IReadOnlyList<LanguageRunner> runners)
    {
        runners = [];
        if (!OperatingSystem.IsLinux())
        {
            return "code execution needs Linux (namespaces, prlimit, /proc)";
        }

        if (bubblewrap && !IsExecutable(options.BubblewrapPath))
        {
            return $"bubblewrap (bwrap) not found at {options.BubblewrapPath}: apt-get install bubblewrap";
        }

        if (!IsExecutable(options.SetprivPath))
        {
            return $"setpriv not found at {options.SetprivPath}: apt-get install util-linux";
        }

        if (!IsExecutable(options.ChoomPath))
        {
            return $"choom not found at {options.ChoomPath}: apt-get install util-linux";
        }

        if (!IsExecutable(options.PrlimitPath))
        {
            return $"prlimit not found at {options.PrlimitPath}: apt-get install util-linux";
        }

        var present = options.Runners.Where(r => IsExecutable(r.Interpreter)).ToList();
        if (present.Count == 0)
        {
            var wanted = string.Join(", ", options.Runners.Select(r => r.Interpreter));
            return $"no interpreter found ({wanted}): apt-get install python3-minimal";
        }

        runners = present;
        return null;
    }

    private static string? CheckUidPool(SandboxOptions options)
    {
        if (!Native.IsRoot || !File.Exists("/etc/passwd"))
        {
            return null;
        }

        // Processes of pooled uids are killed after every run, so none may belong to a real account.
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length > 2 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) &&
                uid >= options.BaseUid && uid < (long)options.BaseUid + options.UidCount)
            {
                return $"sandbox uid pool {options.BaseUid}..{(long)options.BaseUid + options.UidCount - 1} includes account '{fields[0]}' (uid {uid}): choose another BaseUid";
            }
        }

        return null;
    }

    private static string? ProbeNamespaces(SandboxOptions options)
    {
        var info = new ProcessStartInfo(options.SetprivPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/bin:/bin";
        if (Native.IsRoot)
        {
            // Probe as an unprivileged uid, as the runs will be: root can create namespaces where others cannot.
            var uid = options.BaseUid.ToString(CultureInfo.InvariantCulture);
            info.ArgumentList.Add("--reuid=" + uid);
            info.ArgumentList.Add("--regid=" + uid);
            info.ArgumentList.Add("--clear-groups");
        }

        info.ArgumentList.Add("--no-new-privs");
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(options.BubblewrapPath);
        foreach (var arg in BubblewrapExecutor.NamespaceArguments())
        {
            info.ArgumentList.Add(arg);
        }

        var runner = options.Runners.First(r => IsExecutable(r.Interpreter));
        BubblewrapExecutor.AddFilesystem(info.ArgumentList, runner, 1024 * 1024);
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(runner.Interpreter);
        info.ArgumentList.Add("--version");
        try
        {
            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return "bubblewrap probe did not finish within 10 s";
            }

            if (process.ExitCode != 0)
            {
                var message = stderr.Result.Trim().ReplaceLineEndings(" ");
                return $"bubblewrap cannot create its namespaces here ({message}): user namespaces must be enabled " +
                       "(sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0) and bubblewrap must be 0.8 or newer";
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"bubblewrap probe could not start: {ex.Message}";
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
