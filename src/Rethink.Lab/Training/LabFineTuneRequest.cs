namespace Rethink.Lab.Training;

/// <summary>What <see cref="LabFineTuning.RunAsync"/> trains: a lab model continued on conversations from a data file. Immutable.</summary>
/// <param name="BaseModelPath">The lab model (GGUF) to continue; its shape is the new model's.</param>
/// <param name="Conversations">The training conversations.</param>
/// <param name="OutputPath">The new model file (GGUF); its card is written beside it.</param>
public sealed record LabFineTuneRequest(string BaseModelPath, IReadOnlyList<LabConversation> Conversations, string OutputPath)
{
    /// <summary>Optimiser steps (default 300).</summary>
    public int Steps { get; init; } = 300;

    /// <summary>The trainer's seed (batch order).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Peak learning rate of the schedule (default 5e-4: below the recipes' 1e-3, as a continuation).</summary>
    public float MaxLearningRate { get; init; } = 5e-4f;

    /// <summary>Conversations per step (default 16).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The data file's name and SHA-256, for the card (what was trained on).</summary>
    public required string DataDescription { get; init; }

    /// <summary>The command line that reproduces this training; written into the card.</summary>
    public required string Command { get; init; }

    /// <summary>Continue from the checkpoint an interrupted run left.</summary>
    public bool Resume { get; init; }

    /// <summary>Training progress, reported synchronously from the training loop.</summary>
    public IProgress<LabTrainingProgress>? Progress { get; init; }

    /// <summary>One line per stage, for a person to read.</summary>
    public Action<string>? Log { get; init; }
}
