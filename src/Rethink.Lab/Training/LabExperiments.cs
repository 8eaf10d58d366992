using Rethink.Engine.Model;
using Rethink.Engine.Training;
using Rethink.Lab.Tasks;

namespace Rethink.Lab.Training;

/// <summary>
/// The lab recipes that are not shipped: experiments kept so that their documented results (docs/lab/) can be
/// reproduced with <c>rethink lab train --recipe NAME</c>, and <c>smoke</c>, a seconds-long run for tests and CI. Each
/// experiment changes one thing of a shipped recipe or of the experiment before it, on the same data seed and problems,
/// so the held-out suites are the same for all of them (<see cref="LabRecipes.TrainingQuestions"/> covers every recipe
/// here too).
/// </summary>
public static class LabExperiments
{
    /// <summary>
    /// The critique recipe with critiques that re-check every step by a second route (signs out, digit columns) before
    /// the verdict (decision 0008), more correction conversations, and half of the student's openings greedy. The model
    /// it trains still finds under 5% of its own errors: its "It says N" repeats its own recomputed value
    /// (docs/lab/critique-review.md).
    /// </summary>
    public static LabRecipe CritiqueReview { get; } = new(
        "critique-review",
        "the critique recipe with critiques that re-check every step column by column before the verdict (an experiment, not shipped)",
        LabRecipes.LabModel,
        new TrainerOptions(BatchSize: 16, SequenceLength: 1024, TotalSteps: 3000, MaxLearningRate: 1e-3f, MinLearningRate: 1e-4f, WarmupSteps: 60, Seed: 1, LengthBuckets: true),
        new LabDataRecipe { Seed = 2, Cells = LabRecipes.TrainingCells, ProblemsPerCell = 3000, CorrectionShare = 0.8, FlawedShare = 0.6, StudentShare = 0.5, StudentTemperature = 0.7f, StudentGreedyShare = 0.5, CritiqueReview = ReviewStyle.Recompute })
    {
        BaseRecipe = "sft",
    };

    /// <summary>
    /// <see cref="CritiqueReview"/> with one change: each review line quotes the step verbatim before re-checking it, and
    /// the verdict follows the recomputed value at once (<see cref="ReviewStyle.QuoteFirst"/>). The
    /// <see cref="CritiqueReview"/> critic recomputes well but compares its value with itself instead of the answer's
    /// claim; here the claim is part of one contiguous copy and sits in the same line (docs/lab/quoting-critiques.md).
    /// </summary>
    public static LabRecipe CritiqueQuote { get; } = Experiment(
        "critique-quote",
        "critique-review with review lines that quote each step before re-checking it (an experiment, not shipped)",
        CritiqueReview.Data with { CritiqueReview = ReviewStyle.QuoteFirst });

    /// <summary>
    /// <see cref="CritiqueQuote"/> with every teacher-opened correction conversation opening on a flawed answer
    /// (<see cref="LabDataRecipe.FlawedShare"/> 1.0; the student's own openings keep their natural mix). The quote-first
    /// critic says "right" after 147 of 155 recomputed values that differ from the quoted claim: the verdict follows the
    /// prior of its data, where most review lines agree. This tests whether more disagreeing lines teach the comparison
    /// (docs/lab/quoting-critiques.md).
    /// </summary>
    public static LabRecipe CritiqueQuoteFlawed { get; } = Experiment(
        "critique-quote-flawed",
        "critique-quote with every teacher-opened correction starting from a flawed answer (an experiment, not shipped)",
        CritiqueQuote.Data with { FlawedShare = 1.0 });

    /// <summary>
    /// <see cref="CritiqueQuote"/> with one change: the review goes on past the first wrong step, quoting and re-checking
    /// every later step on its own arithmetic (<see cref="ReviewStyle.QuoteEveryStep"/>). The quote-first critics do not
    /// copy the answer: they "quote" the step that solving the problem again gives (3+19=22 for an answer that says
    /// 3+19=-78) and flag 4.5-5.5 % of injected errors on held-out problems. A later step of a flawed answer carries the
    /// wrong value forward, so only copying can quote it, while its verdict is mostly "right"
    /// (docs/lab/quoting-critiques.md).
    /// </summary>
    public static LabRecipe CritiqueQuoteAll { get; } = Experiment(
        "critique-quote-all",
        "critique-quote with reviews that go on past the first wrong step (an experiment, not shipped)",
        CritiqueQuote.Data with { CritiqueReview = ReviewStyle.QuoteEveryStep });

    /// <summary>
    /// <see cref="CritiqueQuoteAll"/> plus copy drills on 30% of the problems (<see cref="LabDataRecipe.CopyDrillShare"/>):
    /// the question and a flawed answer, and the answer's steps quoted back. The quoting critics quote what solving gives
    /// instead of what the answer says; this tests whether direct copying practice carries over to the quotes of the
    /// critiques. Every other example is the same as in <see cref="CritiqueQuoteAll"/> (docs/lab/copy-drills.md: the
    /// critic learns to copy, not to compare).
    /// </summary>
    public static LabRecipe CritiqueQuoteCopy { get; } = Experiment(
        "critique-quote-copy",
        "critique-quote-all plus drills that quote a flawed answer's steps back (an experiment, not shipped)",
        CritiqueQuoteAll.Data with { CopyDrillShare = 0.3 });

    /// <summary>
    /// <see cref="CritiqueQuoteCopy"/> with one change: each review line copies the claim again after the recomputed
    /// value and writes the two numbers side by side before the verdict (<see cref="ReviewStyle.CompareSideBySide"/>).
    /// The <see cref="CritiqueQuoteCopy"/> critic copies the flawed step and recomputes a different value, and still
    /// says "right": the bottleneck is comparing, not copying. Same seed, problems, drills and trainer, so only the
    /// review lines differ (docs/lab/side-by-side-comparison.md).
    /// </summary>
    public static LabRecipe CritiqueCompare { get; } = Experiment(
        "critique-compare",
        "critique-quote-copy with review lines that put the recomputed value and the claim side by side before the verdict (an experiment, not shipped)",
        CritiqueQuoteCopy.Data with { CritiqueReview = ReviewStyle.CompareSideBySide });

    /// <summary>
    /// <see cref="LabRecipes.Sft"/> with every arith step worked out column by column
    /// (<see cref="LabDataRecipe.WorkedStepShare"/> 1.0): the route <see cref="LabRecipes.CritiqueRoutes"/> takes when
    /// asked to look again, taught for the first answer. It is the equal-budget control for that model's reask gain: if
    /// one pass by the worked route is as accurate as two passes of critique-routes, the gain comes from the route, not
    /// from looking again. Same seed, problems and trainer as <see cref="LabRecipes.Sft"/>, trained from scratch
    /// (docs/lab/equal-budget-control.md).
    /// </summary>
    public static LabRecipe SftWorked { get; } = new(
        "sft-worked",
        "sft with every arith step worked out column by column, one route (the equal-budget control for critique-routes' reask gain)",
        LabRecipes.LabModel,
        LabRecipes.Sft.Trainer,
        LabRecipes.Sft.Data with { WorkedStepShare = 1.0 });

    /// <summary>
    /// The <see cref="LabRecipes.Critique"/> recipe continuing <see cref="SftWorked"/>: every answer, first or later,
    /// works each arith step out. It asks whether looking again still gains once the first answer already takes the
    /// better route (it has no second route left to turn to), and whether the critique fine-tuning restores lineq, which
    /// <see cref="SftWorked"/> lost. Same seed, problems, shares and trainer as <see cref="LabRecipes.Critique"/>
    /// (docs/lab/equal-budget-control.md).
    /// </summary>
    public static LabRecipe CritiqueWorked { get; } = new(
        "critique-worked",
        "continues sft-worked on the critique recipe's data, every arith step of every answer worked out (does looking again gain once the first answer takes the better route?)",
        LabRecipes.LabModel,
        LabRecipes.Critique.Trainer,
        LabRecipes.Critique.Data with { WorkedStepShare = 1.0, RevisionWorkedStepShare = 1.0 })
    {
        BaseRecipe = "sft-worked",
    };

    /// <summary>A seconds-long run on a toy model, for tests and CI.</summary>
    public static LabRecipe Smoke { get; } = new(
        "smoke",
        "a seconds-long run on a toy model (tests and CI)",
        new ModelConfig(VocabSize: 288, Dim: 32, Layers: 2, Heads: 4, KvHeads: 2, HiddenDim: 64, ContextLength: 1024),
        new TrainerOptions(BatchSize: 8, SequenceLength: 1024, TotalSteps: 30, MaxLearningRate: 3e-3f, MinLearningRate: 3e-4f, WarmupSteps: 3, Seed: 1),
        new LabDataRecipe { Seed = 1, Cells = [new("arith", 1), new("add", 2)], ProblemsPerCell = 40, CorrectionShare = 0.5 });

    /// <summary>Every experiment, then <see cref="Smoke"/>, in the order the help lists them.</summary>
    public static IReadOnlyList<LabRecipe> All { get; } = [CritiqueReview, CritiqueQuote, CritiqueQuoteFlawed, CritiqueQuoteAll, CritiqueQuoteCopy, CritiqueCompare, SftWorked, CritiqueWorked, Smoke];

    // The quoting and comparing experiments: the lab model shape and critique-review's trainer, continuing the sft model.
    private static LabRecipe Experiment(string name, string description, LabDataRecipe data) =>
        new(name, description, LabRecipes.LabModel, CritiqueReview.Trainer, data) { BaseRecipe = "sft" };
}
