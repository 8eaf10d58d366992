using Rethink.Core;

namespace Rethink.Lab.Training;

/// <summary>
/// What <see cref="LabTrainingPipeline.RunAsync"/> trains: a recipe into a folder, with the strategies that play the
/// recipe's conversations (the lab does not know the strategy catalog; the caller builds them). Immutable.
/// </summary>
/// <param name="Recipe">The recipe (its trainer seed already replaced for a replicate).</param>
/// <param name="OutDirectory">The folder of the model, its checkpoint and its card; a base model is read from it too.</param>
/// <param name="Direct">The one-pass strategy: first answers, and the card suite's scoring.</param>
/// <param name="Corrections">The correction strategies whose conversations a recipe with corrections learns; may be empty otherwise.</param>
public sealed record LabTrainingRequest(LabRecipe Recipe, string OutDirectory, IStrategy Direct, IReadOnlyList<IStrategy> Corrections)
{
    /// <summary>The command line that reproduces this training; written into the card.</summary>
    public required string Command { get; init; }

    /// <summary>Continue from the checkpoint an interrupted run of the same recipe left.</summary>
    public bool Resume { get; init; }

    /// <summary>Training progress (step, loss, held-out loss, speed), reported synchronously from the training loop.</summary>
    public IProgress<LabTrainingProgress>? Progress { get; init; }

    /// <summary>One line per stage (building the data, starting from a base model, scoring), for a person to read.</summary>
    public Action<string>? Log { get; init; }
}
