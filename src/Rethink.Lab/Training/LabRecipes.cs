using Rethink.Engine.Model;
using Rethink.Engine.Training;
using Rethink.Lab.Tasks;

namespace Rethink.Lab.Training;

/// <summary>
/// The lab recipes. Shipped: <c>sft</c> learns worked solutions only (the vanilla baseline); <c>critique</c> learns the
/// same solutions plus self-correction conversations recorded from the real strategies (critiques of right and wrong
/// answers, corrected answers, kept answers); <c>sft-routes</c> and <c>critique-routes</c> are the same pair with a
/// second, worked-out route to each arith step, which corrections take. <c>smoke</c> is a seconds-long run for tests and
/// CI; the rest are experiments, kept so that their documented results can be reproduced.
/// </summary>
public static class LabRecipes
{
    /// <summary>The families and difficulties the lab models are trained and evaluated on.</summary>
    public static IReadOnlyList<LabCell> TrainingCells { get; } =
    [
        new("arith", 1), new("arith", 2), new("arith", 3),
        new("add", 2), new("add", 3), new("add", 4), new("add", 5), new("add", 6),
        new("lineq", 1), new("lineq", 2), new("lineq", 3),
    ];

    /// <summary>
    /// Strategy settings the lab uses unless told otherwise, in training (the conversations played against the teacher)
    /// and in <c>rethink eval</c> on the lab suite, keyed <c>strategy.setting</c>. Self-refine shows the refine prompt only
    /// the last attempt and its feedback: with step-by-step critiques, the full history of a third round no longer fits
    /// the lab models' 1,024-token context, and the first round's prompt is the same either way.
    /// </summary>
    public static IReadOnlyDictionary<string, string> StrategyDefaults { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["self-refine.history"] = "last-only",
    };

    /// <summary>The model shape of the shipped lab models (about 1.6 M parameters; byte tokenizer padded to 288 ids).</summary>
    public static ModelConfig LabModel { get; } = new(VocabSize: 288, Dim: 192, Layers: 4, Heads: 6, KvHeads: 3, HiddenDim: 512, ContextLength: 1024);

    /// <summary>Vanilla supervised fine-tuning on worked solutions.</summary>
    public static LabRecipe Sft { get; } = new(
        "sft",
        "worked solutions only (the vanilla baseline)",
        LabModel,
        new TrainerOptions(BatchSize: 16, SequenceLength: 1024, TotalSteps: 12000, MaxLearningRate: 2e-3f, MinLearningRate: 2e-4f, WarmupSteps: 60, Seed: 1, LengthBuckets: true),
        new LabDataRecipe { Seed = 1, Cells = TrainingCells, ProblemsPerCell = 6000, CorrectionShare = 0 });

    /// <summary>
    /// <see cref="Sft"/> with half of the arith steps written worked out column by column
    /// (<see cref="LabDataRecipe.WorkedStepShare"/>), so the model learns two routes to each step. On the one-route
    /// models the self-consistency vote only matched greedy decoding (sessions 3 and 8); on this one it beats it, because
    /// samples take the worked route, which greedy decoding never takes. Same seed, problems and trainer as
    /// <see cref="Sft"/>, trained from scratch (docs/lab/self-consistency.md). Shipped since session 9 as the base of
    /// <see cref="CritiqueRoutes"/>.
    /// </summary>
    public static LabRecipe SftRoutes { get; } = new(
        "sft-routes",
        "sft with half of the arith steps worked out column by column, two routes to each step (the base of critique-routes)",
        LabModel,
        Sft.Trainer,
        Sft.Data with { WorkedStepShare = 0.5 });

    /// <summary>
    /// <see cref="Sft"/> with every arith step worked out column by column (<see cref="LabDataRecipe.WorkedStepShare"/>
    /// 1.0): the route <see cref="CritiqueRoutes"/> takes when asked to look again, taught for the first answer. It is
    /// the equal-budget control for that model's reask gain: if one pass by the worked route is as accurate as two passes
    /// of critique-routes, the gain comes from the route, not from looking again. Same seed, problems and trainer as
    /// <see cref="Sft"/>, trained from scratch (docs/lab/equal-budget-control.md). Not shipped.
    /// </summary>
    public static LabRecipe SftWorked { get; } = new(
        "sft-worked",
        "sft with every arith step worked out column by column, one route (the equal-budget control for critique-routes' reask gain)",
        LabModel,
        Sft.Trainer,
        Sft.Data with { WorkedStepShare = 1.0 });

    /// <summary>
    /// Continues the sft model on worked solutions plus self-correction conversations in the strategies' own shape
    /// (CCT-style mix of right and wrong first answers); half of those conversations open with the sft model's own
    /// sampled answers, so the critic learns the errors the model really makes, not only injected ones.
    /// </summary>
    public static LabRecipe Critique { get; } = new(
        "critique",
        "continues sft on worked solutions + self-critique/correction conversations from reask, critique-revise, self-refine and verify-refine, half opened by the sft model's own answers",
        LabModel,
        new TrainerOptions(BatchSize: 16, SequenceLength: 1024, TotalSteps: 3000, MaxLearningRate: 1e-3f, MinLearningRate: 1e-4f, WarmupSteps: 60, Seed: 1, LengthBuckets: true),
        new LabDataRecipe { Seed = 2, Cells = TrainingCells, ProblemsPerCell = 3000, CorrectionShare = 0.5, FlawedShare = 0.6, StudentShare = 0.5, StudentTemperature = 0.7f })
    {
        BaseRecipe = "sft",
    };

    /// <summary>
    /// The critique recipe with critiques that re-check every step by a second route (signs out, digit columns) before
    /// the verdict (decision 0008), more correction conversations, and half of the student's openings greedy. An
    /// experiment, not shipped: in session 3 the model it trains still found under 5% of its own errors
    /// (docs/lab/critique-review.md).
    /// </summary>
    public static LabRecipe CritiqueReview { get; } = new(
        "critique-review",
        "the critique recipe with critiques that re-check every step column by column before the verdict (an experiment, not shipped)",
        LabModel,
        new TrainerOptions(BatchSize: 16, SequenceLength: 1024, TotalSteps: 3000, MaxLearningRate: 1e-3f, MinLearningRate: 1e-4f, WarmupSteps: 60, Seed: 1, LengthBuckets: true),
        new LabDataRecipe { Seed = 2, Cells = TrainingCells, ProblemsPerCell = 3000, CorrectionShare = 0.8, FlawedShare = 0.6, StudentShare = 0.5, StudentTemperature = 0.7f, StudentGreedyShare = 0.5, CritiqueReview = ReviewStyle.Recompute })
    {
        BaseRecipe = "sft",
    };

    /// <summary>
    /// <see cref="CritiqueReview"/> with one change: each review line quotes the step verbatim before re-checking it, and
    /// the verdict follows the recomputed value at once (<see cref="ReviewStyle.QuoteFirst"/>). Session 3's critic
    /// recomputed well but compared its value with itself instead of the answer's claim; here the claim is part of one
    /// contiguous copy and sits in the same line. An experiment, not shipped (docs/lab/quoting-critiques.md).
    /// </summary>
    public static LabRecipe CritiqueQuote { get; } = Experiment(
        "critique-quote",
        "critique-review with review lines that quote each step before re-checking it (an experiment, not shipped)",
        CritiqueReview.Data with { CritiqueReview = ReviewStyle.QuoteFirst });

    /// <summary>
    /// <see cref="CritiqueQuote"/> with every teacher-opened correction conversation opening on a flawed answer
    /// (<see cref="LabDataRecipe.FlawedShare"/> 1.0; the student's own openings keep their natural mix). In session 4
    /// the quote-first critic still said "right" after 147 of 155 recomputed values that differed from the quoted claim:
    /// the verdict followed the prior of its data, where most review lines agree. This tests whether more disagreeing
    /// lines teach the comparison. An experiment, not shipped (docs/lab/quoting-critiques.md).
    /// </summary>
    public static LabRecipe CritiqueQuoteFlawed { get; } = Experiment(
        "critique-quote-flawed",
        "critique-quote with every teacher-opened correction starting from a flawed answer (an experiment, not shipped)",
        CritiqueQuote.Data with { FlawedShare = 1.0 });

    /// <summary>
    /// <see cref="CritiqueQuote"/> with one change: the review goes on past the first wrong step, quoting and re-checking
    /// every later step on its own arithmetic (<see cref="ReviewStyle.QuoteEveryStep"/>). In session 4 the quote-first
    /// critics did not copy the answer: they "quoted" the step that solving the problem again gives (3+19=22 for an
    /// answer that says 3+19=-78) and flagged 4.5-5.5 % of injected errors on held-out problems. A later step of a
    /// flawed answer carries the wrong value forward, so only copying can quote it, while its verdict is mostly
    /// "right". An experiment, not shipped (docs/lab/quoting-critiques.md).
    /// </summary>
    public static LabRecipe CritiqueQuoteAll { get; } = Experiment(
        "critique-quote-all",
        "critique-quote with reviews that go on past the first wrong step (an experiment, not shipped)",
        CritiqueQuote.Data with { CritiqueReview = ReviewStyle.QuoteEveryStep });

    /// <summary>
    /// <see cref="CritiqueQuoteAll"/> plus copy drills on 30% of the problems (<see cref="LabDataRecipe.CopyDrillShare"/>):
    /// the question and a flawed answer, and the answer's steps quoted back. Session 5's critics quoted what solving
    /// gives instead of what the answer says; this tests whether direct copying practice carries over to the quotes of
    /// the critiques. Every other example is the same as in <see cref="CritiqueQuoteAll"/>. An experiment, not shipped
    /// (docs/lab/copy-drills.md: the critic learned to copy, not to compare).
    /// </summary>
    public static LabRecipe CritiqueQuoteCopy { get; } = Experiment(
        "critique-quote-copy",
        "critique-quote-all plus drills that quote a flawed answer's steps back (an experiment, not shipped)",
        CritiqueQuoteAll.Data with { CopyDrillShare = 0.3 });

    /// <summary>
    /// <see cref="CritiqueQuoteCopy"/> with one change: each review line copies the claim again after the recomputed
    /// value and writes the two numbers side by side before the verdict (<see cref="ReviewStyle.CompareSideBySide"/>).
    /// In session 6 the critic copied the flawed step and recomputed a different value, and still said "right": the
    /// bottleneck moved from copying to comparing. Same seed, problems, drills and trainer, so only the review lines
    /// differ. An experiment, not shipped (docs/lab/side-by-side-comparison.md).
    /// </summary>
    public static LabRecipe CritiqueCompare { get; } = Experiment(
        "critique-compare",
        "critique-quote-copy with review lines that put the recomputed value and the claim side by side before the verdict (an experiment, not shipped)",
        CritiqueQuoteCopy.Data with { CritiqueReview = ReviewStyle.CompareSideBySide });

    /// <summary>
    /// The <see cref="Critique"/> recipe on the two-route model: it continues <see cref="SftRoutes"/>, whose own answers
    /// open half of the correction conversations, first answers keep sft-routes' mix of routes, and every answer given
    /// after the first (reask, refine, revise) works each arith step out column by column
    /// (<see cref="LabDataRecipe.RevisionWorkedStepShare"/> 1.0). In session 2 the critique model repeated, when asked
    /// to look again, the computation that had produced its error; in session 8 the worked route was right on 82% of
    /// the steps and the plain one on 43%. Same seed, problems, shares and trainer as <see cref="Critique"/>. Shipped: on
    /// it, reask raises accuracy (80.0% -> 84.2% on 2,200 held-out problems, McNemar p &lt; 0.0001), the first lab model
    /// whose intrinsic self-correction helps (docs/lab/two-routes.md).
    /// </summary>
    public static LabRecipe CritiqueRoutes { get; } = new(
        "critique-routes",
        "continues sft-routes on the critique recipe's data, with every answer after the first worked out column by column, so that looking again means computing again by the other route",
        LabModel,
        Critique.Trainer,
        Critique.Data with { WorkedStepShare = 0.5, RevisionWorkedStepShare = 1.0 })
    {
        BaseRecipe = "sft-routes",
    };

    /// <summary>
    /// The <see cref="Critique"/> recipe continuing <see cref="SftWorked"/>: every answer, first or later, works each arith
    /// step out. It asks whether looking again still gains once the first answer already takes the better route (it has
    /// no second route left to turn to), and whether the critique fine-tuning restores lineq, which
    /// <see cref="SftWorked"/> lost. Same seed, problems, shares and trainer as <see cref="Critique"/>
    /// (docs/lab/equal-budget-control.md). Not shipped.
    /// </summary>
    public static LabRecipe CritiqueWorked { get; } = new(
        "critique-worked",
        "continues sft-worked on the critique recipe's data, every arith step of every answer worked out (does looking again gain once the first answer takes the better route?)",
        LabModel,
        Critique.Trainer,
        Critique.Data with { WorkedStepShare = 1.0, RevisionWorkedStepShare = 1.0 })
    {
        BaseRecipe = "sft-worked",
    };

    // The experiments since session 4: the lab model shape and critique-review's trainer, continuing the sft model.
    private static LabRecipe Experiment(string name, string description, LabDataRecipe data) =>
        new(name, description, LabModel, CritiqueReview.Trainer, data) { BaseRecipe = "sft" };

    /// <summary>A seconds-long run on a toy model, for tests and CI.</summary>
    public static LabRecipe Smoke { get; } = new(
        "smoke",
        "a seconds-long run on a toy model (tests and CI)",
        new ModelConfig(VocabSize: 288, Dim: 32, Layers: 2, Heads: 4, KvHeads: 2, HiddenDim: 64, ContextLength: 1024),
        new TrainerOptions(BatchSize: 8, SequenceLength: 1024, TotalSteps: 30, MaxLearningRate: 3e-3f, MinLearningRate: 3e-4f, WarmupSteps: 3, Seed: 1),
        new LabDataRecipe { Seed = 1, Cells = [new("arith", 1), new("add", 2)], ProblemsPerCell = 40, CorrectionShare = 0.5 });

    /// <summary>Every recipe.</summary>
    public static IReadOnlyList<LabRecipe> All { get; } = [Sft, SftRoutes, Critique, CritiqueReview, CritiqueQuote, CritiqueQuoteFlawed, CritiqueQuoteAll, CritiqueQuoteCopy, CritiqueCompare, CritiqueRoutes, SftWorked, CritiqueWorked, Smoke];

    /// <summary>
    /// Every question the lab recipes (all of <see cref="All"/> but <see cref="Smoke"/>) train on, so evaluation suites can
    /// exclude them. Cheap: problems are generated, no strategy runs.
    /// </summary>
    public static IReadOnlySet<string> TrainingQuestions()
    {
        var questions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var data in All.Where(r => !ReferenceEquals(r, Smoke)).Select(r => r.Data))
        {
            foreach (var cell in data.Cells)
            {
                var family = LabFamilies.Get(cell.Family);
                for (var i = 0; i < data.ProblemsPerCell; i++)
                {
                    questions.Add(family.Generate(data.Seed, i, cell.Difficulty).Question);
                }
            }
        }

        return questions;
    }

    /// <summary>The recipe named <paramref name="name"/>; throws listing the known names.</summary>
    public static LabRecipe Get(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown lab recipe '{name}'. Known: {string.Join(", ", All.Select(r => r.Name))}.", nameof(name));
}
