using System.Collections.Concurrent;
using Rethink.Core.Execution;

namespace Rethink.Testing;

/// <summary>A judged executor that runs nothing: it answers each request with a function and records the requests. Thread-safe.</summary>
public sealed class FakeJudgedExecutor : IJudgedExecutor
{
    private readonly Func<JudgedRunRequest, JudgedRunResult> _run;
    private readonly ConcurrentQueue<JudgedRunRequest> _requests = new();

    /// <summary>An executor answering with <paramref name="run"/> and reporting <paramref name="isolation"/>.</summary>
    public FakeJudgedExecutor(Func<JudgedRunRequest, JudgedRunResult> run, string isolation = ExecutionIsolation.Sandbox)
    {
        _run = run ?? throw new ArgumentNullException(nameof(run));
        Isolation = isolation;
    }

    /// <inheritdoc />
    public string Isolation { get; }

    /// <summary>The requests received, in order.</summary>
    public IReadOnlyList<JudgedRunRequest> Requests => _requests.ToList();

    /// <inheritdoc />
    public Task<JudgedRunResult> ExecuteJudgedAsync(JudgedRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        _requests.Enqueue(request);
        var result = _run(request);
        return Task.FromResult(result with { Judge = result.Judge with { Isolation = Isolation } });
    }
}
