using System.Globalization;
using System.Text;
using Rethink.Core;
using Rethink.Core.Execution;

namespace Rethink.Strategies;

/// <summary>Steps shared by the tool-using strategies: the executor check, recorded runs, reports for prompts.</summary>
internal static class ProgramRuns
{
    /// <summary>Longest standard output or error text pasted into a prompt, in characters (the tail is kept).</summary>
    public const int ReportTailChars = 2000;

    /// <summary>The context's executor, or an exception saying which strategy needs one and how to get it.</summary>
    public static ICodeExecutor RequireExecutor(StrategyContext context, string strategy, string why) =>
        context.CodeExecutor ?? throw new InvalidOperationException(
            $"Strategy '{strategy}' needs code execution ({why}), and no code executor was configured " +
            "(StrategyContext.CodeExecutor is null). Run it where the sandbox is available, or choose a strategy that does not run code.");

    /// <summary>
    /// Runs <paramref name="source"/> as Python. Program failures are results, not exceptions (the executor's
    /// contract); cancellation propagates as <see cref="OperationCanceledException"/>, which the strategy guard turns
    /// into a <c>cancelled</c> stop.
    /// </summary>
    public static Task<ExecutionResult> RunAsync(ICodeExecutor executor, string source, int timeoutSeconds, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(
            new ExecutionRequest(CodeLanguages.Python, source) { Timeout = TimeSpan.FromSeconds(timeoutSeconds) },
            cancellationToken);

    /// <summary>How the run ended, in one line for people and prompts ("Done", "Error (exit code 1)", "Timed out after 10 s").</summary>
    public static string Outcome(ExecutionResult result, int timeoutSeconds) => result.Status switch
    {
        ExecutionStatus.Ok => "Done",
        ExecutionStatus.Error => result.ExitCode is { } code
            ? string.Create(CultureInfo.InvariantCulture, $"Error (exit code {code})")
            : string.Create(CultureInfo.InvariantCulture, $"Error (killed by signal {result.Signal?.ToString(CultureInfo.InvariantCulture) ?? "?"})"),
        ExecutionStatus.Timeout => string.Create(CultureInfo.InvariantCulture, $"Timed out after {timeoutSeconds} s: the program was killed"),
        ExecutionStatus.ResourceExceeded => $"Stopped: resource limit exceeded ({result.Detail ?? "unknown limit"})",
        _ => result.Status.ToString(),
    };

    /// <summary>The last <paramref name="maxChars"/> characters of <paramref name="text"/>, marked when cut.</summary>
    public static string Tail(string text, int maxChars = ReportTailChars)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length <= maxChars ? trimmed : "[...]" + trimmed[^maxChars..];
    }

    /// <summary>
    /// A report of a run for a prompt: the outcome line, then standard output and standard error when not empty
    /// (tails), with truncation noted. <paramref name="stdout"/> replaces the raw output when the caller filtered it.
    /// </summary>
    public static string Report(ExecutionResult result, int timeoutSeconds, string? stdout = null)
    {
        var sb = new StringBuilder(Outcome(result, timeoutSeconds));
        var output = (stdout ?? result.Stdout).TrimEnd();
        if (output.Length > 0)
        {
            sb.Append("\nStandard output:\n").Append(Tail(output));
            if (result.StdoutTruncated)
            {
                sb.Append("\n[output cut off by the executor's limit]");
            }
        }

        var error = result.Stderr.TrimEnd();
        if (error.Length > 0)
        {
            sb.Append("\nStandard error:\n").Append(Tail(error));
        }

        return sb.ToString();
    }

    /// <summary>
    /// <paramref name="value"/> as a Python string literal (double quotes, backslash escapes), so text from datasets and
    /// models is embedded in a harness as data and never as code.
    /// </summary>
    public static string PythonString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        sb.Append(c).Append(value[i + 1]);
                        i++;
                    }
                    else if (char.IsControl(c) || char.IsSurrogate(c))
                    {
                        // A lone surrogate cannot be written as UTF-8 source; an escape keeps the literal valid.
                        sb.Append(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
