using System.Globalization;
using System.Text.RegularExpressions;

namespace Rethink.Core.Metrics;

/// <summary>
/// Reads where a critique places the first error, for critique localisation when the critic does not say it in a
/// structured way (<see cref="Critique.ErrorLocation"/> null). A heuristic, as "step N": on the first line that says
/// something is wrong ("wrong", "incorrect", "error", "mistake", "not correct"), the last "step N" (any case) before that
/// word, else the first one after it. Lines that name a step only to approve it are skipped, so a step-by-step review
/// ("Step 1: ... right." then "Step 2: ... wrong.") gives the step it rejects, and "Step 1 is fine, step 2 is wrong"
/// gives step 2. Pure and thread-safe.
/// </summary>
public static partial class CritiqueLocations
{
    /// <summary>The step the critique names as wrong, as "step N", or null when no line does.</summary>
    public static string? FirstFlaggedStep(string critique)
    {
        ArgumentNullException.ThrowIfNull(critique);
        foreach (var line in critique.Split('\n'))
        {
            var flag = Flag().Match(line);
            if (!flag.Success)
            {
                continue;
            }

            var steps = Step().Matches(line);
            var step = steps.LastOrDefault(m => m.Index < flag.Index) ?? steps.FirstOrDefault(m => m.Index > flag.Index);
            if (step is not null && int.TryParse(step.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return string.Create(CultureInfo.InvariantCulture, $"step {n}");
            }
        }

        return null;
    }

    [GeneratedRegex(@"\b(wrong|incorrect|error|errors|mistake|mistaken|not correct)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Flag();

    [GeneratedRegex(@"\bstep\s+(\d{1,4})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Step();
}
