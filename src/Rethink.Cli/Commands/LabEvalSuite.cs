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
/// themselves, so a change in a generator is a changed dataset.
/// </summary>
internal static class LabEvalSuite
{
    public static (IReadOnlyList<Problem> Problems, DatasetDescription Description) Load(int perCell, int? limit)
    {
        var lab = LabSuite.Evaluation(LabRecipes.TrainingCells, perCell, LabRecipes.TrainingQuestions());
        var problems = lab.Select(LabSuite.ToProblem).ToList();
        if (limit is { } n && n < problems.Count)
        {
            problems = problems.Take(n).ToList();
        }

        var canonical = new StringBuilder();
        foreach (var p in problems)
        {
            canonical.Append(p.Id).Append('\t').Append(p.Question).Append('\t').Append(p.Reference.Answer).Append('\n');
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        var name = string.Create(CultureInfo.InvariantCulture, $"lab-suite-{perCell}-per-cell");
        return (problems, new DatasetDescription(name, sha, "lab"));
    }
}
