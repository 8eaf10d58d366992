using System.Globalization;
using Rethink.Core;

namespace Rethink.Cli.Output;

/// <summary>
/// Prints a trajectory for people: a summary line, one row per turn (role, calls, tokens, extracted answer, whether it
/// became the current answer, verdict or critique label) and, on request, every turn's text. Model text is sanitised
/// for the terminal.
/// </summary>
internal static class TrajectoryPrinter
{
    public static void Print(TextWriter writer, Trajectory trajectory, bool full)
    {
        var total = trajectory.TotalUsage;
        writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Trajectory: {trajectory.Strategy}, {trajectory.Turns.Count} turn(s), {trajectory.Calls.Count()} call(s), stop reason: {trajectory.StopReason}, tokens: {total.InputTokens} in / {total.OutputTokens} out"));
        if (trajectory.SawVerifier)
        {
            writer.WriteLine("Note: the strategy saw a feedback verifier (oracle-assisted).");
        }

        if (trajectory.Error is { } error)
        {
            writer.WriteLine("Error: " + TerminalText.Sanitize(error).ReplaceLineEndings(" "));
        }

        var rows = new List<string[]> { new[] { "#", "role", "calls", "tokens in/out", "answer", "committed", "feedback" } };
        foreach (var turn in trajectory.Turns)
        {
            var usage = turn.Calls.Aggregate(TokenUsage.Zero, (acc, c) => acc + c.Usage);
            rows.Add(
            [
                turn.Index.ToString(CultureInfo.InvariantCulture),
                turn.Role.ToString().ToLowerInvariant(),
                turn.Calls.Count.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{usage.InputTokens}/{usage.OutputTokens}"),
                Clip(turn.Attempt?.Answer ?? (turn.Attempt is null ? string.Empty : "(none)"), 24),
                turn.Committed ? "yes" : string.Empty,
                Feedback(turn),
            ]);
        }

        TextTable.Write(writer, rows);
        if (!full)
        {
            return;
        }

        foreach (var turn in trajectory.Turns)
        {
            writer.WriteLine();
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--- turn {turn.Index}: {turn.Role.ToString().ToLowerInvariant()}"));
            writer.WriteLine(TerminalText.Sanitize(turn.Output));
        }
    }

    private static string Feedback(Turn turn)
    {
        if (turn.Verdict is { } verdict)
        {
            return $"{verdict.Label.ToString().ToLowerInvariant()} ({verdict.Reason})";
        }

        return turn.Critique is { } critique ? critique.Label.ToString().ToLowerInvariant() : string.Empty;
    }

    private static string Clip(string text, int max)
    {
        text = TerminalText.Sanitize(text).ReplaceLineEndings(" ");
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
