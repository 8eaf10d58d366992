using System.Diagnostics;
using System.Text;
using Rethink.Core.Execution;

namespace Rethink.Testing;

/// <summary>
/// A test executor that really runs Python: <c>/usr/bin/python3</c> in a child process (never in the test process),
/// the program written to a fresh temporary directory, a wall-clock timeout that kills the process tree, both pipes
/// drained concurrently. No isolation beyond being a separate process (<see cref="ExecutionIsolation.UnsafeLocal"/>), so
/// tests feed it only programs written by the tests themselves. Thread-safe.
/// </summary>
public sealed class ChildProcessPythonExecutor : ICodeExecutor
{
    /// <summary>The interpreter.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>The limit used when a request has none.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public string Isolation => ExecutionIsolation.UnsafeLocal;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Languages { get; } = [CodeLanguages.Python];

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Language != CodeLanguages.Python)
        {
            throw new NotSupportedException($"ChildProcessPythonExecutor runs only {CodeLanguages.Python}, not '{request.Language}'.");
        }

        var dir = Directory.CreateTempSubdirectory("rethink-test-exec-");
        try
        {
            var main = Path.Combine(dir.FullName, "main.py");
            await File.WriteAllTextAsync(main, request.Source, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            var info = new ProcessStartInfo(Python)
            {
                WorkingDirectory = dir.FullName,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            info.ArgumentList.Add("-I");
            info.ArgumentList.Add("-S");
            info.ArgumentList.Add(main);
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            await process.StandardInput.WriteAsync(request.Stdin ?? string.Empty).ConfigureAwait(false);
            process.StandardInput.Close();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(request.Timeout ?? DefaultTimeout);
            var timedOut = false;
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                timedOut = true;
            }

            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (timedOut)
            {
                return new ExecutionResult(ExecutionStatus.Timeout, null, output, error, elapsed) { Signal = 9, Detail = "wall-time", Isolation = Isolation };
            }

            return process.ExitCode == 0
                ? new ExecutionResult(ExecutionStatus.Ok, 0, output, error, elapsed) { Isolation = Isolation }
                : new ExecutionResult(ExecutionStatus.Error, process.ExitCode, output, error, elapsed) { Detail = "exit-code", Isolation = Isolation };
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
