using System.Globalization;
using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// A majority vote over canonical answers. Attempts without an answer do not vote. Ties go to the answer that appeared
/// first, so the outcome depends only on the order of the samples (which is fixed by their indices).
/// </summary>
internal sealed class VoteTally
{
    private VoteTally(IReadOnlyList<VoteCount> counts, int voters)
    {
        Counts = counts;
        Voters = voters;
    }

    /// <summary>Vote counts in order of first appearance.</summary>
    public IReadOnlyList<VoteCount> Counts { get; }

    /// <summary>Attempts that had an answer.</summary>
    public int Voters { get; }

    /// <summary>The winning answer, or null when no attempt had an answer.</summary>
    public VoteCount? Winner
    {
        get
        {
            VoteCount? best = null;
            foreach (var c in Counts)
            {
                // Strictly greater: on a tie the earlier first appearance stays.
                if (best is null || c.Count > best.Count)
                {
                    best = c;
                }
            }

            return best;
        }
    }

    /// <summary>Count of the winner (a in the stopping rule).</summary>
    public int Top => Winner?.Count ?? 0;

    /// <summary>Highest count among the other answers (b in the stopping rule).</summary>
    public int Second
    {
        get
        {
            var winner = Winner;
            return winner is null ? 0 : Counts.Where(c => !ReferenceEquals(c, winner)).Select(c => c.Count).DefaultIfEmpty(0).Max();
        }
    }

    public static VoteTally Of(StrategyContext context, IReadOnlyList<Attempt> attempts)
    {
        var counts = new List<VoteCount>();
        var voters = 0;
        for (var i = 0; i < attempts.Count; i++)
        {
            var key = StrategyRun.AnswerKey(context, attempts[i]);
            if (key is null)
            {
                continue;
            }

            voters++;
            var at = counts.FindIndex(c => string.Equals(c.Key, key, StringComparison.Ordinal));
            if (at < 0)
            {
                counts.Add(new VoteCount(key, 1, i));
            }
            else
            {
                counts[at] = counts[at] with { Count = counts[at].Count + 1 };
            }
        }

        return new VoteTally(counts, voters);
    }

    /// <summary>The tally for people: "a: 3, b: 1" in order of first appearance.</summary>
    public string Describe() =>
        Counts.Count == 0
            ? "no answers"
            : string.Join(", ", Counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}: {c.Count}")));
}
