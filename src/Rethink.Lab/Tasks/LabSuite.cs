using System.Globalization;
using Rethink.Core;

namespace Rethink.Lab.Tasks;

/// <summary>
/// Turns generated lab problems into Core <see cref="Problem"/>s and defines the held-out evaluation suite. Training and
/// evaluation draw from different seeds and the evaluation set drops any question that also occurs in the training
/// stream it is paired with, so a score is never measured on a memorised item.
/// </summary>
public static class LabSuite
{
    /// <summary>Seed of the evaluation stream (training recipes use other seeds).</summary>
    public const int EvalSeed = 90_001;

    /// <summary>
    /// Seed of the practice stream: problems to generate data from (exports, self-improvement rounds), drawn apart from
    /// the evaluation stream and with its questions left out, so what is trained on them never meets a held-out item.
    /// </summary>
    public const int PracticeSeed = 70_001;

    /// <summary>Metadata key holding the family name.</summary>
    public const string FamilyKey = "family";

    /// <summary>Metadata key holding the difficulty.</summary>
    public const string DifficultyKey = "difficulty";

    /// <summary>The Core problem for a lab problem: the question as one user message, the answer as a numeric reference.</summary>
    public static Problem ToProblem(LabProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new Problem
        {
            Id = problem.Id,
            Messages = [Message.User(problem.Question)],
            Reference = new Reference
            {
                Kind = AnswerKind.Numeric,
                Answer = problem.Answer.ToString(CultureInfo.InvariantCulture),
                Solution = problem.Solution,
            },
            Metadata = new Dictionary<string, string>
            {
                [FamilyKey] = problem.Family,
                [DifficultyKey] = problem.Difficulty.ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    /// <summary>
    /// <paramref name="perCell"/> problems for every (family, difficulty) in <paramref name="cells"/> from the evaluation
    /// seed, skipping questions in <paramref name="exclude"/>; deterministic.
    /// </summary>
    public static IReadOnlyList<LabProblem> Evaluation(IEnumerable<LabCell> cells, int perCell, IReadOnlySet<string>? exclude = null) =>
        Draw(EvalSeed, cells, perCell, exclude);

    /// <summary>
    /// <paramref name="perCell"/> problems for every cell from <paramref name="seed"/>'s stream, skipping questions in
    /// <paramref name="exclude"/> and repeats; deterministic.
    /// </summary>
    public static IReadOnlyList<LabProblem> Draw(int seed, IEnumerable<LabCell> cells, int perCell, IReadOnlySet<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var list = new List<LabProblem>();
        foreach (var cell in cells)
        {
            var family = LabFamilies.Get(cell.Family);
            var taken = 0;
            for (var i = 0; taken < perCell && i < perCell * 50; i++)
            {
                var p = family.Generate(seed, i, cell.Difficulty);
                if (exclude?.Contains(p.Question) == true || list.Exists(q => q.Question == p.Question))
                {
                    continue;
                }

                list.Add(p);
                taken++;
            }
        }

        return list;
    }

    /// <summary>The problem with id <paramref name="id"/> regenerated from its id (family-seed-difficulty-index).</summary>
    public static LabProblem FromId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var parts = id.Split('-');
        if (parts.Length != 4 || parts[1].Length < 2 || parts[2].Length < 2 || parts[1][0] != 's' || parts[2][0] != 'd'
            || !int.TryParse(parts[1].AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
            || !int.TryParse(parts[2].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var difficulty)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new ArgumentException($"'{id}' is not a lab problem id (family-sSEED-dDIFFICULTY-INDEX).", nameof(id));
        }

        return LabFamilies.Get(parts[0]).Generate(seed, index, difficulty);
    }
}
