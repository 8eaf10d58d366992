namespace Rethink.Strategies;

/// <summary>
/// Finds the program in a model reply. Rules, first match wins: when a function name is given, the last python or
/// untagged block that defines it at the top level; the last fenced block tagged <c>python</c> (or <c>py</c>,
/// <c>python3</c>); else the last untagged fenced block; else, when the reply has no fence at all, null (callers decide
/// whether the whole reply may be code). A fence left open at the end of the reply (a reply cut off
/// by the token limit) counts as a block up to the end. The last block wins because models that revise tend to show
/// the old code first and the corrected code last. Fences are lines starting with three backticks, after optional
/// indentation. Pure and thread-safe.
/// </summary>
public static class CodeBlocks
{
    /// <summary>
    /// The program in <paramref name="reply"/> per the class rules, without the fence lines, or null. A block defining
    /// <paramref name="preferFunction"/> wins over later blocks (a usage example after the solution, say).
    /// </summary>
    public static string? ExtractPython(string reply, string? preferFunction = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        string? lastDefining = null;
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
            if (preferFunction is not null && tag is "" or "python" or "py" or "python3" && DefinesFunction(text, preferFunction))
            {
                lastDefining = text;
            }

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

        return lastDefining ?? lastPython ?? lastUntagged;
    }

    /// <summary>True when <paramref name="code"/> has a line starting <c>def name(</c> or <c>async def name(</c> at column 0.</summary>
    public static bool DefinesFunction(string code, string name)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(name);
        foreach (var line in code.ReplaceLineEndings("\n").Split('\n'))
        {
            var rest = line.StartsWith("async ", StringComparison.Ordinal) ? line[6..].TrimStart() : line;
            if (rest.StartsWith("def ", StringComparison.Ordinal)
                && rest[4..].TrimStart() is var tail
                && tail.StartsWith(name, StringComparison.Ordinal)
                && tail[name.Length..].TrimStart().StartsWith('('))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name of the last function defined at column 0 in <paramref name="code"/>, or null.</summary>
    public static string? LastFunctionName(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        string? name = null;
        foreach (var line in code.ReplaceLineEndings("\n").Split('\n'))
        {
            var rest = line.StartsWith("async ", StringComparison.Ordinal) ? line[6..].TrimStart() : line;
            if (!rest.StartsWith("def ", StringComparison.Ordinal))
            {
                continue;
            }

            var tail = rest[4..].TrimStart();
            var end = 0;
            while (end < tail.Length && (char.IsLetterOrDigit(tail[end]) || tail[end] == '_'))
            {
                end++;
            }

            if (end > 0)
            {
                name = tail[..end];
            }
        }

        return name;
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
