using Rethink.Lab.Tasks;

namespace Rethink.Lab.Training;

/// <summary>How to make a lab training set.</summary>
public sealed record LabDataRecipe
{
    /// <summary>Seed of the problem stream and of every random choice (flaw placement, strategy rotation).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The (family, difficulty) cells to draw problems from.</summary>
    public required IReadOnlyList<LabCell> Cells { get; init; }

    /// <summary>Problems per cell.</summary>
    public int ProblemsPerCell { get; init; } = 1000;

    /// <summary>
    /// Share of correction conversations whose first answer is flawed (the rest start from a right answer and teach the
    /// model to keep it: the Confidence-vs-Critique CCT mix, where about 40% of examples keep a correct answer).
    /// </summary>
    public double FlawedShare { get; init; } = 0.6;

    /// <summary>Share of problems that also yield a correction conversation (0 for the plain SFT recipe).</summary>
    public double CorrectionShare { get; init; }

    /// <summary>
    /// Share of correction conversations whose first answer is the student model's own answer (sampled at
    /// <see cref="StudentTemperature"/>) instead of a teacher answer with or without an injected error. Errors a model
    /// really makes differ from injected ones (wrong operands, precedence, dropped steps, not only a wrong result), and
    /// a critic trained only on injected errors does not learn to find them. Needs a student model when building.
    /// </summary>
    public double StudentShare { get; init; }

    /// <summary>Sampling temperature of the student's first answers (seeded per problem, so the data is reproducible).</summary>
    public float StudentTemperature { get; init; } = 0.7f;

    /// <summary>
    /// Share of the student's first answers taken greedily (temperature 0) instead of at <see cref="StudentTemperature"/>.
    /// Evaluation critiques greedy answers, whose errors are the model's systematic ones; sampled answers add variety.
    /// </summary>
    public double StudentGreedyShare { get; init; }

    /// <summary>
    /// When set, the teacher's critiques re-check every step by a second route, laid out in this style, before the
    /// verdict (<see cref="TeacherCritiques.Review"/>); when null they are the verdict line alone.
    /// </summary>
    public Tasks.ReviewStyle? CritiqueReview { get; init; }

    /// <summary>
    /// Share of problems that also yield a copy drill (<see cref="LabDataBuilder.CopyDrillStrategy"/>): the question and
    /// a flawed answer, and as the target every step of that answer quoted as "Step K: line." in the quoting review
    /// styles' own form. A flawed step cannot be written by solving the problem again, only by copying it. Drawn from
    /// a per-problem random stream, so turning drills on leaves every other example unchanged. 0: none.
    /// </summary>
    public double CopyDrillShare { get; init; }

    /// <summary>
    /// Share of the steps of the teacher's correct solutions written by the family's second, longer route
    /// (<see cref="ITaskFamily.WorkedSolution"/>; arith: worked out column by column), each step drawn on its own from a
    /// per-problem random stream, so the rest of the recipe's choices are unchanged. A model trained on a mix has more
    /// than one way to write each step, and sampled solutions take different ones (docs/lab/self-consistency.md: the
    /// self-consistency vote beat greedy decoding on such a model, not on the one-route sft). 0: every step in its plain
    /// form.
    /// </summary>
    public double WorkedStepShare { get; init; }

    /// <summary>
    /// Share of the steps worked out by the family's second route in the answers a correction conversation gives after
    /// its first (the reask answer, the refined and revised answers), drawn like <see cref="WorkedStepShare"/> from a
    /// per-problem stream of its own. First answers keep <see cref="WorkedStepShare"/>. At 1.0 the model learns to
    /// re-solve by the slower, more reliable route when asked to look again, instead of repeating the computation that
    /// produced the error (docs/lab/intrinsic-self-correction.md: "the model has no second way to compute a step";
    /// docs/lab/two-routes.md). Null: the same solution as the first answers.
    /// </summary>
    public double? RevisionWorkedStepShare { get; init; }
}
