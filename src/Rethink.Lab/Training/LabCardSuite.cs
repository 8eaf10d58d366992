using Rethink.Core;
using Rethink.Lab.Tasks;
using Microsoft.Extensions.AI;

namespace Rethink.Lab.Training;

/// <summary>
/// The small held-out suite a model card's score and floor are measured on: 10 problems from the evaluation seed for
/// every training cell (110 problems), never a training question. Greedy decoding makes the score exact and repeatable,
/// so the floor test catches any change in the engine's numerics or the model file.
/// </summary>
public static class LabCardSuite
{
    /// <summary>Problems per cell.</summary>
    public const int PerCell = 10;

    /// <summary>A description for cards.</summary>
    public static string Description => $"the card suite ({PerCell} held-out problems x {LabRecipes.TrainingCells.Count} family/difficulty cells, seed {LabSuite.EvalSeed}, greedy)";

    /// <summary>The suite's problems (no question of any shipped recipe's training data).</summary>
    public static IReadOnlyList<LabProblem> Problems() => LabSuite.Evaluation(LabRecipes.TrainingCells, PerCell, LabRecipes.TrainingQuestions());

    /// <summary>Scores <paramref name="strategy"/> (normally <c>direct</c>) with <paramref name="model"/> on the suite.</summary>
    public static async Task<LabCardScore> ScoreAsync(IChatClient model, IStrategy strategy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(strategy);
        var verifier = new LabVerifier();
        var problems = Problems();
        var correct = new Dictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
        foreach (var lab in problems)
        {
            var problem = LabSuite.ToProblem(lab);
            var context = new StrategyContext { Generator = model, Options = new ChatOptions { Temperature = 0, MaxOutputTokens = 200 } };
            var trajectory = await strategy.RunAsync(problem, context, cancellationToken).ConfigureAwait(false);
            var verdict = await verifier.VerifyAsync(problem, trajectory.Final, cancellationToken).ConfigureAwait(false);
            var (right, total) = correct.GetValueOrDefault(lab.Family);
            correct[lab.Family] = (right + (verdict.IsCorrect ? 1 : 0), total + 1);
        }

        var all = correct.Values.Sum(v => v.Right);
        return new LabCardScore(
            (double)all / problems.Count,
            problems.Count,
            correct.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => (double)kv.Value.Right / kv.Value.Total));
    }
}
