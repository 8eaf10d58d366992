using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Rethink.Core;
using Rethink.Evaluation.Runs;
using Rethink.Lab.Tasks;
using Rethink.Lab.Training;

namespace Rethink.Cli.Commands;

/// <summary>
/// The lab suite <c>rethink eval</c> runs without --dataset: held-out problems from every training cell (the evaluation
/// seed, minus every question the shipped recipes train on). Its identity for resume is a hash of the problems
/// themselves (given answers included), so a change in a generator is a changed dataset.
/// </summary>
internal static class LabEvalSuite
{
    /// <summary>The values of --lab-answers: who writes the first answer.</summary>
    public static IReadOnlyList<string> AnswerSources { get; } = ["model", "gold", "flawed", "mixed"];

    // Seeds the flaw placement and the gold/flawed choice; fixed, so a given-answer suite is the same on every machine.
    private const int AnswerSeed = 424_242;

    public static (IReadOnlyList<Problem> Problems, DatasetDescription Description) Load(int perCell, int? limit, string answers = "model")
    {
        if (!AnswerSources.Contains(answers))
        {
            throw new ArgumentException($"Unknown answer source '{answers}'; expected one of {string.Join(", ", AnswerSources)}.", nameof(answers));
        }

        var lab = LabSuite.Evaluation(LabRecipes.TrainingCells, perCell, LabRecipes.TrainingQuestions());
        var rng = new Random(AnswerSeed);
        var problems = lab.Select(p => LabSuite.ToProblem(p) with { GivenAnswer = GivenAnswer(p, answers, rng) }).ToList();
        if (limit is { } n && n < problems.Count)
        {
            problems = problems.Take(n).ToList();
        }

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
        var name = string.Create(CultureInfo.InvariantCulture, $"lab-suite-{perCell}-per-cell") + (answers == "model" ? string.Empty : $"-{answers}-answers");
        return (problems, new DatasetDescription(name, sha, "lab"));
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
