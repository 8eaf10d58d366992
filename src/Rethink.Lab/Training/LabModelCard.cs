using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rethink.Lab.Training;

/// <summary>
/// What a shipped lab model is: how it was trained (recipe, seed, data, time, machine) and how it scores, written
/// beside the model as <c>lab-NAME.card.json</c> (read by tests: the model must stay above <see cref="Floor"/>) and
/// <c>lab-NAME.md</c> (read by people).
/// </summary>
public sealed record LabModelCard
{
    /// <summary>Recipe name.</summary>
    public required string Recipe { get; init; }

    /// <summary>Recipe description.</summary>
    public required string Description { get; init; }

    /// <summary>The command that reproduces the model.</summary>
    public required string Command { get; init; }

    /// <summary>Seed of data and training.</summary>
    public required int Seed { get; init; }

    /// <summary>Model shape, e.g. "dim 192, 4 layers, ...".</summary>
    public required string Shape { get; init; }

    /// <summary>Trainable parameters.</summary>
    public required long Parameters { get; init; }

    /// <summary>Distinct training problems.</summary>
    public required int Problems { get; init; }

    /// <summary>Training examples (conversations) used.</summary>
    public required int Examples { get; init; }

    /// <summary>Examples per strategy/role.</summary>
    public required IReadOnlyDictionary<string, int> ExamplesByKind { get; init; }

    /// <summary>Correction conversations that started from a flawed / a correct answer.</summary>
    public required string CorrectionMix { get; init; }

    /// <summary>The model this one was trained from (its weights and, for correction data, its own answers); null when trained from random weights.</summary>
    public string? BaseModel { get; init; }

    /// <summary>Optimiser steps.</summary>
    public required long Steps { get; init; }

    /// <summary>Training wall-clock time in seconds.</summary>
    public required double TrainingSeconds { get; init; }

    /// <summary>Training throughput (positions per second).</summary>
    public required double TokensPerSecond { get; init; }

    /// <summary>Mean training loss over the last steps.</summary>
    public required double FinalLoss { get; init; }

    /// <summary>Held-out loss at the end.</summary>
    public required double EvalLoss { get; init; }

    /// <summary>Where it was trained (cores, OS).</summary>
    public required string Machine { get; init; }

    /// <summary>Greedy <c>direct</c> accuracy on the card suite (see <see cref="SuiteDescription"/>).</summary>
    public required double DirectAccuracy { get; init; }

    /// <summary>Accuracy per family on the card suite.</summary>
    public required IReadOnlyDictionary<string, double> AccuracyByFamily { get; init; }

    /// <summary>The suite the scores were measured on.</summary>
    public required string SuiteDescription { get; init; }

    /// <summary>The accuracy the model must keep on the card suite (tests fail below it).</summary>
    public required double Floor { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads a card; throws <see cref="InvalidDataException"/> naming the file when it is not a card.</summary>
    public static LabModelCard Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LabModelCard>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty model card.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a lab model card ({e.Message}).", e);
        }
    }

    /// <summary>Writes <c>{stem}.card.json</c> and <c>{stem}.md</c> atomically.</summary>
    public void Write(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        WriteAtomic(stem + ".card.json", JsonSerializer.Serialize(this, Json) + "\n");
        WriteAtomic(stem + ".md", ToMarkdown());
    }

    /// <summary>The human-readable card.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"# Lab model `{Recipe}`\n\n{Description}.\n\n");
        sb.Append(c, $"Reproduce (2 CPU cores): `{Command}`\n\n");
        sb.Append("| | |\n|---|---|\n");
        sb.Append(c, $"| shape | {Shape}; {Parameters:N0} parameters |\n");
        sb.Append(c, $"| seed | {Seed} |\n");
        sb.Append(c, $"| data | {Problems:N0} problems, {Examples:N0} examples; corrections: {CorrectionMix} |\n");
        if (BaseModel is not null)
        {
            sb.Append(c, $"| base model | {BaseModel} (trained first; its time is on its own card) |\n");
        }

        sb.Append(c, $"| training | {Steps:N0} steps in {TrainingSeconds / 60:F1} min at {TokensPerSecond:N0} positions/s on {Machine} |\n");
        sb.Append(c, $"| loss | train {FinalLoss:F4}, held-out {EvalLoss:F4} |\n");
        sb.Append(c, $"| direct accuracy | {DirectAccuracy:P1} on {SuiteDescription} (floor kept by tests: {Floor:P1}) |\n\n");
        sb.Append("Examples by strategy/role:\n\n");
        foreach (var (k, v) in ExamplesByKind)
        {
            sb.Append(c, $"- {k}: {v:N0}\n");
        }

        sb.Append("\nDirect accuracy by family:\n\n");
        foreach (var (k, v) in AccuracyByFamily)
        {
            sb.Append(c, $"- {k}: {v:P1}\n");
        }

        return sb.ToString();
    }

    private static void WriteAtomic(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
