namespace Rethink.Strategies;

/// <summary>
/// Finds the program in a model reply. Rules, first match wins: the last fenced block tagged <c>python</c> (or
/// <c>py</c>, <c>python3</c>); else the last untagged fenced block; else, when the reply has no fence at all, null
/// (callers decide whether the whole reply may be code). A fence left open at the end of the reply (a reply cut off
/// by the token limit) counts as a block up to the end. The last block wins because models that revise tend to show
/// the old code first and the corrected code last. Fences are lines starting with three backticks, after optional
/// indentation. Pure and thread-safe.
/// </summary>
public static class CodeBlocks
{
    /// <summary>The program in <paramref name="reply"/> per the class rules, without the fence lines, or null.</summary>
    public static string? ExtractPython(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        string? lastPython = null;
        string? lastUntagged = null;
        var lines = reply.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var open = lines[i].TrimStart();
            if (!open.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var tag = open[3..].Trim().ToLowerInvariant();
            var body = new List<string>();
            var j = i + 1;
            while (j < lines.Length && !lines[j].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                body.Add(lines[j]);
                j++;
            }

            var text = string.Join('\n', body);
            if (tag is "python" or "py" or "python3")
            {
                lastPython = text;
            }
            else if (tag.Length == 0)
            {
                lastUntagged = text;
            }

            i = j;
        }

        return lastPython ?? lastUntagged;
    }

    /// <summary>
    /// True when <paramref name="code"/> is a continuation of a function body (its first non-blank line is indented,
    /// as a HumanEval completion is) rather than a whole program or function that starts at column 0.
    /// </summary>
    public static bool IsContinuation(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var first = code.ReplaceLineEndings("\n").Split('\n').FirstOrDefault(l => l.Trim().Length > 0);
        return first is not null && (first[0] == ' ' || first[0] == '\t');
    }
}
