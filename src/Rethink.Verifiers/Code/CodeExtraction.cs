using System.Text.RegularExpressions;

namespace Rethink.Verifiers.Code;

/// <summary>
/// Pulls Python code out of a response and builds the solution the tests run against. Pure and thread-safe.
/// </summary>
public static partial class CodeExtraction
{
    /// <summary>
    /// The code in <paramref name="response"/>: with Markdown code fences, the last fenced block (Python or untagged)
    /// that defines <paramref name="entryPoint"/> at the top level, else the last Python or untagged block, else the
    /// last block of any language (an unclosed last fence runs to the end of the text); without fences, the response
    /// as it is (a raw completion). Null when that is blank.
    /// </summary>
    public static string? Extract(string response, string? entryPoint = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var blocks = Blocks(response);
        string code;
        if (blocks.Count == 0)
        {
            code = response;
        }
        else
        {
            var python = blocks.Where(b => b.Language is "" or "python" or "py" or "python3").ToList();
            code = (entryPoint is null ? null : python.LastOrDefault(b => DefinesFunction(b.Code, entryPoint)).Code)
                ?? python.LastOrDefault().Code
                ?? blocks[^1].Code;
        }

        return string.IsNullOrWhiteSpace(code) ? null : code;
    }

    /// <summary>
    /// The solution program for <paramref name="code"/>: without a <paramref name="prompt"/>, the code itself; with
    /// one, prompt + code when the code is a completion of it, or prompt, a blank line and the code when the code
    /// defines <paramref name="entryPoint"/> itself (a whole function; the later definition wins, and the prompt's
    /// imports and helpers stay in scope).
    /// </summary>
    public static string BuildSolution(string code, string? prompt, string? entryPoint)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (string.IsNullOrEmpty(prompt))
        {
            return code;
        }

        return entryPoint is not null && DefinesFunction(code, entryPoint)
            ? prompt.TrimEnd() + "\n\n\n" + code
            : prompt + code;
    }

    /// <summary>True when <paramref name="code"/> has a top-level <c>def name(</c> (or <c>async def</c>).</summary>
    public static bool DefinesFunction(string code, string name)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(name);
        return Regex.IsMatch(code, @"^(?:async\s+)?def\s+" + Regex.Escape(name) + @"\s*\(", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
    }

    private static List<(string Language, string Code)> Blocks(string response)
    {
        var blocks = new List<(string, string)>();
        var normalized = response.Replace("\r\n", "\n", StringComparison.Ordinal);
        var position = 0;
        while (true)
        {
            var open = Fence().Match(normalized, position);
            if (!open.Success)
            {
                break;
            }

            var start = open.Index + open.Length;
            var close = normalized.IndexOf("\n```", start - 1, StringComparison.Ordinal);
            var language = open.Groups[1].Value.ToLowerInvariant();
            if (close < 0)
            {
                blocks.Add((language, normalized[start..]));
                break;
            }

            blocks.Add((language, start <= close ? normalized[start..close] + "\n" : string.Empty));
            var afterClose = normalized.IndexOf('\n', close + 4);
            position = afterClose < 0 ? normalized.Length : afterClose + 1;
        }

        return blocks;
    }

    // An opening fence at the start of a line: ``` and an optional language word, then the rest of that line.
    [GeneratedRegex(@"(?m)^[ \t]*```[ \t]*([A-Za-z0-9_+\-]*)[^\n]*\n")]
    private static partial Regex Fence();
}
