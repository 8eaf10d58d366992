using System.Collections.Concurrent;
using Rethink.Core.Execution;

namespace Rethink.Testing;

/// <summary>An executor that runs nothing: it answers each request with a function and records the requests. Thread-safe.</summary>
public sealed class FakeCodeExecutor : ICodeExecutor
{
    private readonly Func<ExecutionRequest, ExecutionResult> _run;
    private readonly ConcurrentQueue<ExecutionRequest> _requests = new();

    /// <summary>An executor answering with <paramref name="run"/> and reporting <paramref name="isolation"/>.</summary>
    public FakeCodeExecutor(Func<ExecutionRequest, ExecutionResult> run, string isolation = ExecutionIsolation.Sandbox)
    {
        _run = run ?? throw new ArgumentNullException(nameof(run));
        Isolation = isolation;
    }

    /// <inheritdoc />
    public string Isolation { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Languages { get; } = [CodeLanguages.Python];

    /// <summary>The requests received, in order.</summary>
    public IReadOnlyList<ExecutionRequest> Requests => _requests.ToList();

    /// <summary>An executor whose every run ends with <paramref name="result"/>.</summary>
    public static FakeCodeExecutor Returning(ExecutionResult result) => new(_ => result);

    /// <inheritdoc />
    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        _requests.Enqueue(request);
        return Task.FromResult(_run(request) with { Isolation = Isolation });
    }
}
