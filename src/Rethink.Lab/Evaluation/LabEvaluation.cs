using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rethink.Core;
using Rethink.Lab.Tasks;
using Rethink.Lab.Training;

namespace Rethink.Lab.Evaluation;

/// <summary>
/// Everything an evaluation needs to know about the lab, in one place: the held-out suite (every training cell's
/// evaluation stream, minus every question any recipe trains on), who writes its first answers, which strategies and
/// shipped models the main command runs, the strategy defaults that fit the lab's context, and what the lab verifier
/// records beyond a verdict. Pure and thread-safe.
/// </summary>
public static class LabEvaluation
{
    /// <summary>The strategies the lab suite runs when none are named.</summary>
    public static IReadOnlyList<string> DefaultStrategies { get; } = ["direct", "reask", "self-refine", "verify-refine", "self-consistency"];

    /// <summary>The shipped lab models the lab suite runs when none is named, in this order (model specs).</summary>
    public static IReadOnlyList<string> DefaultModels { get; } = ["lab:sft", "lab:critique", "lab:critique-routes"];

    /// <summary>
    /// Which problems: <c>held-out</c> (the evaluation stream minus every trained question: what scores are measured on)
    /// or <c>practice</c> (another stream minus every held-out question: what training data is made from).
    /// </summary>
    public static IReadOnlyList<string> Splits { get; } = ["held-out", "practice"];

    /// <summary>
    /// The questions no training data may hold: the first <see cref="HeldOutPerCell"/> problems of every cell of the
    /// evaluation stream (the suites of every size are its prefixes) and the card suite.
    /// </summary>
    public static IReadOnlySet<string> HeldOutQuestions() => HeldOut.Value;

    // Generating every recipe's training questions takes seconds; the set never changes within a process.
    private static readonly Lazy<IReadOnlySet<string>> HeldOut = new(() =>
        LabSuite.Evaluation(LabRecipes.TrainingCells, HeldOutPerCell, LabRecipes.TrainingQuestions()).Select(p => p.Question)
            .Concat(LabCardSuite.Problems().Select(p => p.Question))
            .ToHashSet(StringComparer.Ordinal));

    /// <summary>Problems per cell of the largest held-out suite the lab reports on (2,200 problems).</summary>
    public const int HeldOutPerCell = 200;

    /// <summary>Who writes the first answer: the model under test, the worked solution, it with an injected error, or either.</summary>
    public static IReadOnlyList<string> AnswerSources { get; } = ["model", "gold", "flawed", "mixed"];

    /// <summary>Strategy settings that make the catalog's strategies fit the lab models (see <see cref="LabRecipes.StrategyDefaults"/>).</summary>
    public static IReadOnlyDictionary<string, string> StrategyDefaults => LabRecipes.StrategyDefaults;

    /// <summary>
    /// Run components the lab verifier adds to a run's configuration: it records each wrong answer's first wrong step
    /// (the report's "error located" column), so a run stored without that is not resumed into verdicts with it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> VerifierComponents { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["verifier.error_location"] = "first wrong step",
    };

    // Seeds the flaw placement and the gold/flawed choice; fixed, so a given-answer suite is the same on every machine.
    private const int AnswerSeed = 424_242;

    /// <summary>
    /// The suite: <paramref name="perCell"/> problems from each training cell, the first <paramref name="limit"/> when
    /// given, first answers from <paramref name="answers"/> (one of <see cref="AnswerSources"/>). Throws
    /// <see cref="ArgumentException"/> for an unknown answer source.
    /// </summary>
    public static LabEvaluationSuite Suite(int perCell, int? limit = null, string answers = "model", string split = "held-out")
    {
        if (!AnswerSources.Contains(answers))
        {
            throw new ArgumentException($"Unknown answer source '{answers}'; expected one of {string.Join(", ", AnswerSources)}.", nameof(answers));
        }

        if (!Splits.Contains(split))
        {
            throw new ArgumentException($"Unknown split '{split}'; expected one of {string.Join(", ", Splits)}.", nameof(split));
        }

        var lab = split == "practice"
            ? LabSuite.Draw(LabSuite.PracticeSeed, LabRecipes.TrainingCells, perCell, HeldOutQuestions())
            : LabSuite.Evaluation(LabRecipes.TrainingCells, perCell, LabRecipes.TrainingQuestions());
        var rng = new Random(AnswerSeed);
        var problems = lab.Select(p => LabSuite.ToProblem(p) with { GivenAnswer = GivenAnswer(p, answers, rng) }).ToList();
        if (limit is { } n && n < problems.Count)
        {
            problems = problems.Take(n).ToList();
        }

        // The suite's identity is its content: a change in a generator is a changed dataset, and a resume is refused.
        var canonical = new StringBuilder();
        foreach (var p in problems)
        {
            canonical.Append(p.Id).Append('\t').Append(p.Question).Append('\t').Append(p.Reference.Answer).Append('\n');
            if (p.GivenAnswer is { } given)
            {
                canonical.Append(given.Replace('\n', '|')).Append('\n');
            }
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        var name = string.Create(CultureInfo.InvariantCulture, $"lab-{(split == "practice" ? "practice" : "suite")}-{perCell}-per-cell") + (answers == "model" ? string.Empty : $"-{answers}-answers");
        return new LabEvaluationSuite(problems, name, sha);
    }

    // Every problem draws from rng in the same way whatever the source, so "flawed" and "mixed" place the same flaws.
    private static string? GivenAnswer(LabProblem problem, string answers, Random rng)
    {
        var family = LabFamilies.Get(problem.Family);
        var flawed = family.InjectError(problem, rng.Next(1, problem.Steps.Count + 1), rng).Text;
        var pickFlawed = rng.Next(2) == 0;
        return answers switch
        {
            "gold" => problem.Solution,
            "flawed" => flawed,
            "mixed" => pickFlawed ? flawed : problem.Solution,
            _ => null,
        };
    }
}
