using System.Collections.Concurrent;
using Rethink.Core;

namespace Rethink.Testing;

/// <summary>
/// A critic that returns scripted critiques in order (the last one repeats) and records the attempts it saw.
/// Each critique can come with a synthetic <see cref="CallRecord"/> (role critic) so cost accounting can be tested.
/// Thread-safe.
/// </summary>
public sealed class ScriptedCritic : ICritic
{
    private readonly IReadOnlyList<Critique> _critiques;
    private readonly ConcurrentQueue<Attempt> _seen = new();
    private int _next;

    /// <summary>A critic answering with <paramref name="critiques"/> in order.</summary>
    public ScriptedCritic(params Critique[] critiques)
    {
        ArgumentNullException.ThrowIfNull(critiques);
        if (critiques.Length == 0)
        {
            throw new ArgumentException("At least one critique is needed.", nameof(critiques));
        }

        _critiques = critiques;
    }

    /// <summary>Tokens charged by the synthetic call record of each critique (0 means no call record).</summary>
    public TokenUsage UsagePerCritique { get; init; }

    /// <summary>The attempts critiqued, in order.</summary>
    public IReadOnlyList<Attempt> Seen => _seen.ToList();

    /// <summary>Number of calls.</summary>
    public int CallCount => _seen.Count;

    /// <summary>A critic whose critiques have label <see cref="VerdictLabel.Incorrect"/> and the given texts.</summary>
    public static ScriptedCritic FromTexts(params string[] texts) =>
        new(texts.Select(t => new Critique(t, VerdictLabel.Incorrect, CritiqueSource.OtherModel)).ToArray());

    /// <inheritdoc />
    public Task<CritiqueResult> CritiqueAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(attempt);
        cancellationToken.ThrowIfCancellationRequested();
        _seen.Enqueue(attempt);
        var index = Interlocked.Increment(ref _next) - 1;
        var critique = _critiques[Math.Min(index, _critiques.Count - 1)];
        IReadOnlyList<CallRecord> calls = UsagePerCritique.TotalTokens == 0
            ? []
            : [new CallRecord { Role = ModelRole.Critic, Messages = [Message.User(attempt.Text)], Output = critique.Text, Usage = UsagePerCritique }];
        return Task.FromResult(new CritiqueResult(critique, calls));
    }
}
