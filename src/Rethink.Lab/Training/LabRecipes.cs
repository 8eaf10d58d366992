using Rethink.Engine.Model;
using Rethink.Engine.Training;
using Rethink.Lab.Tasks;

namespace Rethink.Lab.Training;

/// <summary>
/// The shipped lab recipes, whose models are in <c>models/</c>: <c>sft</c> learns worked solutions only (the vanilla
/// baseline); <c>critique</c> learns the same solutions plus self-correction conversations recorded from the real
/// strategies (critiques of right and wrong answers, corrected answers, kept answers); <c>sft-routes</c> and
/// <c>critique-routes</c> are the same pair with a second, worked-out route to each arith step, which corrections take.
/// The experiments, and the seconds-long <c>smoke</c> recipe, are in <see cref="LabExperiments"/>; <see cref="All"/>
/// and <see cref="Get"/> cover both.
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
    /// models the self-consistency vote only matches greedy decoding; on this one it beats it, because samples take the
    /// worked route, which greedy decoding never takes. Same seed, problems and trainer as <see cref="Sft"/>, trained
    /// from scratch (docs/lab/self-consistency.md). Shipped as the base of <see cref="CritiqueRoutes"/>.
    /// </summary>
    public static LabRecipe SftRoutes { get; } = new(
        "sft-routes",
        "sft with half of the arith steps worked out column by column, two routes to each step (the base of critique-routes)",
        LabModel,
        Sft.Trainer,
        Sft.Data with { WorkedStepShare = 0.5 });

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
    /// The <see cref="Critique"/> recipe on the two-route model: it continues <see cref="SftRoutes"/>, whose own answers
    /// open half of the correction conversations, first answers keep sft-routes' mix of routes, and every answer given
    /// after the first (reask, refine, revise) works each arith step out column by column
    /// (<see cref="LabDataRecipe.RevisionWorkedStepShare"/> 1.0). The one-route critique model, asked to look again,
    /// repeats the computation that produced its error; the worked route is right on 82% of the steps and the plain one
    /// on 43%. Same seed, problems, shares and trainer as <see cref="Critique"/>. Shipped: on it, reask raises accuracy
    /// (80.0% -> 84.2% on 2,200 held-out problems, McNemar p &lt; 0.0001), the first lab model whose intrinsic
    /// self-correction helps (docs/lab/two-routes.md).
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

    /// <summary>The shipped recipes, in the order the help lists them.</summary>
    public static IReadOnlyList<LabRecipe> Shipped { get; } = [Sft, Critique, SftRoutes, CritiqueRoutes];

    /// <summary>
    /// Every recipe, the shipped ones first, then <see cref="LabExperiments.All"/>. Built on each call, so neither class's
    /// initialisation waits on the other's.
    /// </summary>
    public static IReadOnlyList<LabRecipe> All => [.. Shipped, .. LabExperiments.All];

    /// <summary>
    /// Every question any recipe of <see cref="All"/> trains on, shipped or experiment, so evaluation suites can exclude
    /// them and stay held out whichever recipe a model came from. Cheap: problems are generated, no strategy runs.
    /// </summary>
    public static IReadOnlySet<string> TrainingQuestions()
    {
        var questions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var data in All.Select(r => r.Data))
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

    /// <summary>The recipe (shipped or experiment) named <paramref name="name"/>; throws listing the known names.</summary>
    public static LabRecipe Get(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown lab recipe '{name}'. Known: {string.Join(", ", All.Select(r => r.Name))}.", nameof(name));
}
