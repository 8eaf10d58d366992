using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Lab.Tasks;

namespace Rethink.Lab.Training;

/// <summary>
/// Builds lab training sets by running real strategies against a <see cref="LabTeacher"/>: every problem yields a
/// first-answer example from <c>firstAnswer</c> (e.g. <c>direct</c>); a <see cref="LabDataRecipe.CorrectionShare"/> of
/// problems also yields a correction conversation from one of <c>corrections</c> (rotating), starting from a flawed
/// first answer with probability <see cref="LabDataRecipe.FlawedShare"/>. Flawed answers are context only, never targets.
/// The teacher's critique wording follows each strategy's own settings (<see cref="TeacherCritiques.For"/>).
/// Deterministic for a recipe and a list of strategies.
/// </summary>
public static class LabDataBuilder
{
    /// <summary>The strategy name of copy-drill examples (<see cref="LabDataRecipe.CopyDrillShare"/>), a training-only task.</summary>
    public const string CopyDrillStrategy = "copy-drill";

    /// <summary>The user turn of a copy drill; {question} and {answer} are filled in.</summary>
    public const string CopyDrillPrompt = "Question:\n{question}\n\nProposed answer:\n{answer}\n\nQuote every step of the proposed answer exactly as it is written, one per line, as \"Step K: ...\".";

    /// <summary>Builds the data set.</summary>
    public static Task<LabDataset> BuildAsync(
        LabDataRecipe recipe,
        IStrategy firstAnswer,
        IReadOnlyList<IStrategy> corrections,
        CancellationToken cancellationToken = default) =>
        BuildAsync(recipe, firstAnswer, corrections, student: null, cancellationToken);

    /// <summary>
    /// Builds the training set as <see cref="BuildAsync(LabDataRecipe, IStrategy, IReadOnlyList{IStrategy}, CancellationToken)"/>
    /// does, and opens <see cref="LabDataRecipe.StudentShare"/> of the correction conversations with an answer sampled
    /// from <paramref name="student"/> (right or wrong, as it comes; never trained on, only critiqued and corrected).
    /// </summary>
    /// <exception cref="ArgumentException">The recipe asks for student answers and <paramref name="student"/> is null.</exception>
    public static async Task<LabDataset> BuildAsync(
        LabDataRecipe recipe,
        IStrategy firstAnswer,
        IReadOnlyList<IStrategy> corrections,
        IChatClient? student,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(firstAnswer);
        ArgumentNullException.ThrowIfNull(corrections);
        if (recipe.CorrectionShare > 0 && corrections.Count == 0)
        {
            throw new ArgumentException("The recipe asks for correction conversations but no correction strategy was given.", nameof(corrections));
        }

        if (recipe.StudentShare > 0 && student is null)
        {
            throw new ArgumentException("The recipe opens correction conversations with the student's own answers but no student model was given.", nameof(student));
        }

        var rng = new Random(recipe.Seed);
        var verifier = new LabVerifier();
        var examples = new List<LabChatExample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var questions = new HashSet<string>(StringComparer.Ordinal);
        int flawed = 0, correct = 0, problems = 0, rotation = 0, studentCorrect = 0, studentWrong = 0;
        foreach (var cell in recipe.Cells)
        {
            var family = LabFamilies.Get(cell.Family);
            for (var i = 0; i < recipe.ProblemsPerCell; i++)
            {
                var lab = family.Generate(recipe.Seed, i, cell.Difficulty);
                if (!questions.Add(lab.Question))
                {
                    continue;
                }

                problems++;
                var problem = LabSuite.ToProblem(lab);
                // Each from its own per-problem stream, so working steps out never shifts the recipe's other choices.
                var solution = WorkedOut(lab, family, recipe.WorkedStepShare, unchecked((recipe.Seed * 2_000_003) + problems));
                var revised = recipe.RevisionWorkedStepShare is { } share ? WorkedOut(lab, family, share, unchecked((recipe.Seed * 3_000_017) + problems)) : solution;
                await RunAsync(firstAnswer, lab, family, problem, null, solution, revised, recipe.CritiqueReview, verifier, examples, seen, cancellationToken).ConfigureAwait(false);
                if (recipe.CopyDrillShare > 0)
                {
                    AddCopyDrill(recipe, lab, family, problem, problems, examples);
                }

                if (rng.NextDouble() >= recipe.CorrectionShare)
                {
                    continue;
                }

                var strategy = corrections[rotation++ % corrections.Count];
                string? opening = null;
                if (recipe.StudentShare > 0 && rng.NextDouble() < recipe.StudentShare)
                {
                    // Drawn before the strategy rotation's own use of rng, and seeded per problem, so the stream of
                    // choices does not depend on what the student says.
                    var seed = rng.Next();
                    var temperature = recipe.StudentGreedyShare > 0 && rng.NextDouble() < recipe.StudentGreedyShare ? 0f : recipe.StudentTemperature;
                    opening = await StudentAnswerAsync(student!, problem, temperature, seed, cancellationToken).ConfigureAwait(false);
                    if (family.Check(lab, opening) is { StepsCorrect: true, AnswerCorrect: true })
                    {
                        correct++;
                        studentCorrect++;
                    }
                    else
                    {
                        flawed++;
                        studentWrong++;
                    }
                }
                else if (rng.NextDouble() < recipe.FlawedShare)
                {
                    opening = family.InjectError(lab, rng.Next(1, lab.Steps.Count + 1), rng).Text;
                    flawed++;
                }
                else
                {
                    correct++;
                }

                await RunAsync(strategy, lab, family, problem, opening, solution, revised, recipe.CritiqueReview, verifier, examples, seen, cancellationToken).ConfigureAwait(false);
            }
        }

        return new LabDataset(examples, problems, flawed, correct, questions) { StudentCorrect = studentCorrect, StudentWrong = studentWrong };
    }

    private static string WorkedOut(LabProblem lab, ITaskFamily family, double share, int streamSeed)
    {
        if (share <= 0)
        {
            return lab.Solution;
        }

        var rng = new Random(streamSeed);
        return family.WorkedSolution(lab, _ => rng.NextDouble() < share);
    }

    // Its own random stream per problem: drills never shift the choices the rest of the recipe makes.
    private static void AddCopyDrill(LabDataRecipe recipe, LabProblem lab, ITaskFamily family, Problem problem, int ordinal, List<LabChatExample> examples)
    {
        var rng = new Random(unchecked((recipe.Seed * 1_000_003) + ordinal));
        if (rng.NextDouble() >= recipe.CopyDrillShare)
        {
            return;
        }

        var flawed = family.InjectError(lab, rng.Next(1, lab.Steps.Count + 1), rng).Text;
        var steps = LabSolution.Parse(flawed).Steps;
        var prompt = CopyDrillPrompt.Replace("{question}", problem.Question, StringComparison.Ordinal).Replace("{answer}", flawed, StringComparison.Ordinal);
        var target = string.Join('\n', steps.Select((s, k) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Step {k + 1}: {s}.")));
        examples.Add(new LabChatExample([Message.User(prompt)], target, CopyDrillStrategy, ModelRole.Generator, lab.Id));
    }

    private static async Task<string> StudentAnswerAsync(IChatClient student, Problem problem, float temperature, int seed, CancellationToken cancellationToken)
    {
        var options = new ChatOptions { Temperature = temperature, Seed = seed, MaxOutputTokens = 256 };
        var response = await student.GetResponseAsync(problem.Messages.Select(m => m.ToChatMessage()), options, cancellationToken).ConfigureAwait(false);
        return response.Text.Trim();
    }

    private static async Task RunAsync(
        IStrategy strategy,
        LabProblem lab,
        ITaskFamily family,
        Problem problem,
        string? opening,
        string solution,
        string revised,
        ReviewStyle? critiqueReview,
        IVerifier verifier,
        List<LabChatExample> examples,
        HashSet<string> seen,
        CancellationToken cancellationToken)
    {
        var teacher = new LabTeacher(lab, family, opening, TeacherCritiques.For(strategy.Settings) with { Review = critiqueReview }) { CorrectSolution = solution, RevisedSolution = revised };
        var context = new StrategyContext { Generator = teacher, FeedbackVerifier = verifier };
        await strategy.RunAsync(problem, context, cancellationToken).ConfigureAwait(false);
        foreach (var turn in teacher.Log.Where(t => t.Trainable))
        {
            var key = string.Join("\u0001", turn.Messages.Select(m => m.Role + "\u0002" + m.Text)) + "\u0003" + turn.Output;
            if (seen.Add(key))
            {
                examples.Add(new LabChatExample(turn.Messages, turn.Output, strategy.Name, turn.Role, lab.Id));
            }
        }
    }
}
