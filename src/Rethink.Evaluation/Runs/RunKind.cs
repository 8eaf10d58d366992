namespace Rethink.Evaluation.Runs;

/// <summary>
/// The kinds of stored run. An evaluation run keeps its results as scored trajectories
/// (<see cref="IRunStore.SaveResultAsync"/>); every other kind keeps its per-item records as <see cref="RunItem"/>s
/// (<see cref="IRunStore.SaveItemAsync"/>) under a configuration of its own (<see cref="RunDefinition"/>). The values
/// are stored, so they never change.
/// </summary>
public static class RunKind
{
    /// <summary>A dataset through strategies and a model, each trajectory scored (<c>rethink eval</c>, <c>rethink score</c>).</summary>
    public const string Evaluation = "evaluation";

    /// <summary>Pairs or single answers judged by judges, with both orders and bias probes; an item per judgement.</summary>
    public const string Judging = "judging";

    /// <summary>Items labelled by a committee of annotators, stage by stage; an item per labelled item and stage.</summary>
    public const string Annotation = "annotation";

    /// <summary>One round of a self-improvement loop: data made, filtered, trained on and evaluated; an item per record.</summary>
    public const string ImprovementRound = "improvement-round";

    /// <summary>Self-play episodes between two players, with transcripts and rewards; an item per episode.</summary>
    public const string SelfPlay = "self-play";

    /// <summary>Every kind this build knows.</summary>
    public static IReadOnlyList<string> All { get; } = [Evaluation, Judging, Annotation, ImprovementRound, SelfPlay];

    /// <summary>True for a known kind.</summary>
    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
