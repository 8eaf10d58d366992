namespace Rethink.Core;

/// <summary>Feedback on an attempt.</summary>
/// <param name="Text">The feedback as given (what a refine step sees).</param>
/// <param name="Label">The critic's verdict on the attempt; <see cref="VerdictLabel.Unsure"/> when it could not be parsed.</param>
/// <param name="Source">Who produced it.</param>
public sealed record Critique(string Text, VerdictLabel Label, CritiqueSource Source)
{
    /// <summary>Where the critic says the first error is (e.g. a step number), when it says.</summary>
    public string? ErrorLocation { get; init; }

    /// <summary>A graded score from the critic (e.g. Self-Refine's scores), when it gave one.</summary>
    public double? Score { get; init; }
}
