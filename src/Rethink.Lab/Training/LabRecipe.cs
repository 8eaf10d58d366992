using Rethink.Engine.Model;
using Rethink.Engine.Training;

namespace Rethink.Lab.Training;

/// <summary>A reproducible lab training recipe: the data to make, the model shape and the optimiser settings.</summary>
/// <param name="Name">Recipe name (<c>sft</c>, <c>critique</c>, <c>smoke</c>).</param>
/// <param name="Description">One line for help and model cards.</param>
/// <param name="Model">Model shape (vocabulary sized for the lab byte tokenizer).</param>
/// <param name="Trainer">Optimiser, schedule, batch and seed.</param>
/// <param name="Data">Which problems, how many, and the correction mix.</param>
public sealed record LabRecipe(string Name, string Description, ModelConfig Model, TrainerOptions Trainer, LabDataRecipe Data)
{
    /// <summary>
    /// The recipe whose trained model this one starts from (its weights initialise training, and it is the student
    /// whose own answers open the correction conversations); null trains from random weights. The base model must be
    /// trained first and have the same shape.
    /// </summary>
    public string? BaseRecipe { get; init; }
}
