using System.Collections.Concurrent;
using Rethink.Core;

namespace Rethink.Testing;

/// <summary>A judge that scores each candidate with a function and picks the highest (earliest on ties). Thread-safe.</summary>
public sealed class FakeJudge : IJudge
{
    private readonly Func<Attempt, double> _score;
    private readonly ConcurrentQueue<IReadOnlyList<Attempt>> _seen = new();

    /// <summary>A judge scoring with <paramref name="score"/>.</summary>
    public FakeJudge(Func<Attempt, double> score)
    {
        _score = score ?? throw new ArgumentNullException(nameof(score));
    }

    /// <summary>The candidate lists judged, in order.</summary>
    public IReadOnlyList<IReadOnlyList<Attempt>> Seen => _seen.ToList();

    /// <summary>Number of calls.</summary>
    public int CallCount => _seen.Count;

    /// <summary>A judge that prefers candidates whose answer equals <paramref name="answer"/> (score 1, else 0).</summary>
    public static FakeJudge Preferring(string answer) =>
        new(a => string.Equals(a.Answer, answer, StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0);

    /// <inheritdoc />
    public Task<Judgement> JudgeAsync(Problem problem, IReadOnlyList<Attempt> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(candidates);
        cancellationToken.ThrowIfCancellationRequested();
        _seen.Enqueue(candidates.ToList());
        var scores = candidates.Select(_score).ToList();
        var best = 0;
        for (var i = 1; i < scores.Count; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        var verdict = Verdict.Correct("fake.judge.best", $"Candidate {best} scored highest.") with { Score = scores.Count == 0 ? null : scores[best] };
        return Task.FromResult(new Judgement(scores, best, verdict, []));
    }
}
