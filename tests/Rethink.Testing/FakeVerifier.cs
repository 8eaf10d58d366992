using System.Collections.Concurrent;
using Rethink.Core;

namespace Rethink.Testing;

/// <summary>A verifier that decides with a function and records what it was asked. Thread-safe.</summary>
public sealed class FakeVerifier : IVerifier
{
    private readonly Func<Problem, Attempt, Verdict> _decide;
    private readonly ConcurrentQueue<Attempt> _seen = new();

    /// <summary>A verifier named <paramref name="name"/> deciding with <paramref name="decide"/>.</summary>
    public FakeVerifier(string name, Func<Problem, Attempt, Verdict> decide)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _decide = decide ?? throw new ArgumentNullException(nameof(decide));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The attempts verified, in order.</summary>
    public IReadOnlyList<Attempt> Seen => _seen.ToList();

    /// <summary>Number of calls.</summary>
    public int CallCount => _seen.Count;

    /// <summary>
    /// Correct (reason <c>fake.equal</c>) when the attempt's answer equals <paramref name="gold"/> ignoring case and
    /// surrounding whitespace; incorrect (<c>fake.no_answer</c> or <c>fake.not_equal</c>) otherwise.
    /// </summary>
    public static FakeVerifier Expecting(string gold) => new("fake", (_, attempt) =>
        attempt.Answer is null
            ? Verdict.Incorrect("fake.no_answer", "No answer was found.")
            : string.Equals(attempt.Answer.Trim(), gold.Trim(), StringComparison.OrdinalIgnoreCase)
                ? Verdict.Correct("fake.equal", $"{attempt.Answer} equals {gold}.")
                : Verdict.Incorrect("fake.not_equal", $"{attempt.Answer} is not {gold}."));

    /// <summary>Verdicts taken from <paramref name="verdicts"/> in order; the last one repeats.</summary>
    public static FakeVerifier Sequence(params Verdict[] verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        if (verdicts.Length == 0)
        {
            throw new ArgumentException("At least one verdict is needed.", nameof(verdicts));
        }

        var next = 0;
        return new FakeVerifier("fake-sequence", (_, _) => verdicts[Math.Min(Interlocked.Increment(ref next) - 1, verdicts.Length - 1)]);
    }

    /// <inheritdoc />
    public Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(attempt);
        cancellationToken.ThrowIfCancellationRequested();
        _seen.Enqueue(attempt);
        return Task.FromResult(_decide(problem, attempt));
    }
}
