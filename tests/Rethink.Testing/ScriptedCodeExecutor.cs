using Rethink.Core.Execution;

namespace Rethink.Testing;

/// <summary>
/// A hand-written fake <see cref="ICodeExecutor"/>: answers each request with a scripted result (in order, the last one
/// repeating) or from a responder, and records every request. It runs nothing. Thread-safe.
/// </summary>
public sealed class ScriptedCodeExecutor : ICodeExecutor
{
    private readonly Lock _gate = new();
    private readonly List<ExecutionRequest> _requests = [];
    private readonly Func<ExecutionRequest, ExecutionResult> _responder;

    /// <summary>An executor answering with <paramref name="results"/> in order; the last one repeats.</summary>
    public ScriptedCodeExecutor(params ExecutionResult[] results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Length == 0)
        {
            throw new ArgumentException("At least one result is needed.", nameof(results));
        }

        var next = 0;
        _responder = _ => results[Math.Min(next++, results.Length - 1)];
    }

    /// <summary>An executor answering every request with <paramref name="responder"/>.</summary>
    public ScriptedCodeExecutor(Func<ExecutionRequest, ExecutionResult> responder)
    {
        _responder = responder ?? throw new ArgumentNullException(nameof(responder));
    }

    /// <inheritdoc />
    public string Isolation { get; init; } = ExecutionIsolation.Sandbox;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Languages { get; } = [CodeLanguages.Python];

    /// <summary>When set, a request whose index (from 0) equals it never completes until cancelled.</summary>
    public int? HangOnRequest { get; init; }

    /// <summary>Every request received, in order (a snapshot).</summary>
    public IReadOnlyList<ExecutionRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Number of requests received.</summary>
    public int CallCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>A run that exited 0 with <paramref name="stdout"/>.</summary>
    public static ExecutionResult Ok(string stdout) => new(ExecutionStatus.Ok, 0, stdout, string.Empty, TimeSpan.FromMilliseconds(5));

    /// <summary>A run that exited 1 with <paramref name="stderr"/> (a traceback, say).</summary>
    public static ExecutionResult Error(string stderr, string stdout = "") =>
        new(ExecutionStatus.Error, 1, stdout, stderr, TimeSpan.FromMilliseconds(5)) { Detail = "exit-code" };

    /// <summary>A run killed by the wall-clock limit.</summary>
    public static ExecutionResult TimedOut(string stdout = "") =>
        new(ExecutionStatus.Timeout, null, stdout, string.Empty, TimeSpan.FromSeconds(1)) { Signal = 9, Detail = "wall-time" };

    /// <inheritdoc />
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Language != CodeLanguages.Python)
        {
            throw new NotSupportedException($"ScriptedCodeExecutor runs only {CodeLanguages.Python}, not '{request.Language}'.");
        }

        int index;
        ExecutionResult result;
        lock (_gate)
        {
            index = _requests.Count;
            _requests.Add(request);
            result = _responder(request);
        }

        if (index == HangOnRequest)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }
}
