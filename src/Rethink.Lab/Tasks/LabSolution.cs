using System.Globalization;

namespace Rethink.Lab.Tasks;

/// <summary>The lab's solution text format: step lines, then a final <c>Answer: N</c> line.</summary>
public static class LabSolution
{
    /// <summary>The prefix of the final answer line.</summary>
    public const string AnswerPrefix = "Answer: ";

    /// <summary>Renders steps and an answer as solution text.</summary>
    public static string Render(IEnumerable<string> steps, long answer) =>
        string.Join('\n', steps.Append(AnswerPrefix + answer.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Splits a solution into its step lines and its final answer. The answer is the integer on the last line that starts
    /// with <see cref="AnswerPrefix"/>; lines after it are ignored; step lines are the non-empty lines before it.
    /// </summary>
    public static ParsedSolution Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.TrimEntries);
        var answerLine = -1;
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (lines[i].StartsWith(AnswerPrefix, StringComparison.Ordinal))
            {
                answerLine = i;
                break;
            }
        }

        long? answer = null;
        if (answerLine >= 0 && long.TryParse(lines[answerLine].AsSpan(AnswerPrefix.Length).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a))
        {
            answer = a;
        }

        var stepEnd = answerLine >= 0 ? answerLine : lines.Length;
        var steps = lines.Take(stepEnd).Where(l => l.Length > 0).ToList();
        return new ParsedSolution(steps, answer, answerLine >= 0);
    }
}
