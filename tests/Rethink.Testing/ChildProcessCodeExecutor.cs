using System.Diagnostics;
using System.Text;
using Rethink.Core.Execution;

namespace Rethink.Testing;

/// <summary>
/// A test double that runs Python programs as a plain child process of /usr/bin/python3 (isolated mode, a temporary
/// work directory, a wall-clock limit that kills the process tree, output capped): enough to test what a harness
/// makes of real exits, exceptions and signals. No sandbox and no resource limits: use it only for trusted test
/// programs, never for the hostile samples. Reports isolation <c>test-child-process</c>. Thread-safe.
/// </summary>
public sealed class ChildProcessCodeExecutor : ICodeExecutor
{
    /// <summary>The isolation name this double reports.</summary>
    public const string ChildProcess = "test-child-process";

    private const int Cap = 1 << 20;

    /// <inheritdoc />
    public string Isolation => ChildProcess;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Languages { get; } = [CodeLanguages.Python];

    /// <summary>True when /usr/bin/python3 exists.</summary>
    public static bool Available => File.Exists("/usr/bin/python3");

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Language != CodeLanguages.Python)
        {
            throw new NotSupportedException($"Language '{request.Language}' is not supported.");
        }

        var dir = Directory.CreateTempSubdirectory("rethink-child-exec-").FullName;
        try
        {
            File.WriteAllText(Path.Join(dir, "main.py"), request.Source, new UTF8Encoding(false));
            foreach (var (name, content) in request.Files ?? new Dictionary<string, string>())
            {
                File.WriteAllText(Path.Join(dir, name), content, new UTF8Encoding(false));
            }

            var info = new ProcessStartInfo("/usr/bin/python3", ["-I", "main.py"])
            {
                WorkingDirectory = dir,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            var stdout = Drain(process.StandardOutput.BaseStream);
            var stderr = Drain(process.StandardError.BaseStream);
            try
            {
                await process.StandardInput.WriteAsync(request.Stdin ?? string.Empty).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading its input.
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(request.Timeout ?? TimeSpan.FromSeconds(10));
            var timedOut = false;
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                timedOut = true;
            }

            var (outText, outCut) = await stdout.ConfigureAwait(false);
            var (errText, errCut) = await stderr.ConfigureAwait(false);
            var code = process.ExitCode;
            int? signal = code > 128 ? code - 128 : null;
            var status = timedOut ? ExecutionStatus.Timeout : code == 0 ? ExecutionStatus.Ok : ExecutionStatus.Error;
            return new ExecutionResult(status, timedOut || signal is not null ? null : code, outText, errText, watch.Elapsed)
            {
                Signal = timedOut ? null : signal,
                StdoutTruncated = outCut,
                StderrTruncated = errCut,
                Detail = timedOut ? "wall-time" : status == ExecutionStatus.Error ? (signal is null ? "exit-code" : "signal") : null,
                Isolation = ChildProcess,
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(string Text, bool Truncated)> Drain(Stream stream)
    {
        var kept = new MemoryStream();
        var buffer = new byte[8192];
        var truncated = false;
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = Cap - (int)kept.Length;
            if (read > room)
            {
                truncated = true;
            }

            kept.Write(buffer, 0, Math.Min(read, Math.Max(room, 0)));
        }

        return (Encoding.UTF8.GetString(kept.ToArray()), truncated);
    }
}
