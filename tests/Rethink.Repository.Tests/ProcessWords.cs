using System.Text.RegularExpressions;

namespace Rethink.Repository.Tests;

/// <summary>
/// The wording that describes how Rethink was made rather than what it is: numbered work periods ("session 9",
/// "sessions 4-5", "the tenth session"), issue numbers ("issue #4", "issue 4") and "work period". The product words
/// stay legal: <c>InferenceSession</c>, <c>RunSession</c>, "a new session (TIOCSTI)", "this session's pace" of a run.
/// This file holds the patterns and the examples that pin them, and is the one file the scan skips.
/// </summary>
public static class ProcessWords
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>The patterns, case-insensitive; a match anywhere in a text file is a hit.</summary>
    public static IReadOnlyList<Regex> Patterns { get; } =
    [
        // "session 9", "Session-10", "session10", "sessions 4", "session 7's"; a word boundary before "session", so
        // identifiers such as InferenceSession or RunSession never match.
        new(@"\bsessions?[- ]?\d+", Options),

        // "sessions 4-5", "sessions 2 to 3", "sessions 4 and 5" (the first pattern already catches their start; kept so
        // the rule reads as stated).
        new(@"\bsessions? \d+\s*(-|to|and)\s*\d+", Options),

        // "the tenth session", "first session".
        new(@"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth) session\b", Options),

        // "issue #4", "issue#5", "Issue #6".
        new(@"\bissue ?#\d+", Options),

        // "issue 4", "issue-4".
        new(@"\bissue[- ]\d+\b", Options),

        // "work period", "work periods".
        new(@"\bwork periods?\b", Options),
    ];

    /// <summary>Texts every one of which some pattern must match.</summary>
    public static IReadOnlyList<string> MustMatch { get; } =
    [
        "as in session 9", "Session-10 results", "sessions 4-5", "sessions 2 to 3", "in sessions 4 and 5", "session10",
        "session 7's critic", "the tenth session", "after the First session", "issue #4", "Issue#5", "the issue-4 findings",
        "done (issue 4)", "one work period",
    ];

    /// <summary>Texts no pattern may match: the product's own uses of "session" and "issue".</summary>
    public static IReadOnlyList<string> MustNotMatch { get; } =
    [
        "var session = new InferenceSession(weights);", "RunSession", "StoredThisSession", "InferenceSession.Generate",
        "a new session (TIOCSTI)", "--new-session", "from this session's pace", "one session per thread",
        "Number of independent sequences this session caches.", "a wording issue only", "known issues", "sessions of a run",
        "the 4th issue of the series",
    ];

    /// <summary>
    /// The hits in <paramref name="text"/>: each matched text with its 1-based line number. Matches of several patterns
    /// that start at the same place ("sessions 4-5") are one hit, the longest.
    /// </summary>
    public static IEnumerable<(int Line, string Match)> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var hits = Patterns.SelectMany(p => p.Matches(line))
                .GroupBy(m => m.Index)
                .OrderBy(g => g.Key)
                .Select(g => g.MaxBy(m => m.Length)!.Value);
            foreach (var hit in hits)
            {
                yield return (i + 1, hit);
            }
        }
    }
}
