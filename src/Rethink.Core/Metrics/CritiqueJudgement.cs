namespace Rethink.Core.Metrics;

/// <summary>One critic verdict on a response whose correctness is known.</summary>
/// <param name="CriticLabel">
/// What the critic said; <see cref="VerdictLabel.Unsure"/> also stands for a critique that could not be parsed.
/// </param>
/// <param name="ResponseCorrect">The gold correctness of the critiqued response.</param>
public sealed record CritiqueJudgement(VerdictLabel CriticLabel, bool ResponseCorrect)
{
    /// <summary>The gold location of the first error (e.g. a step number), when the data set has one.</summary>
    public string? GoldErrorLocation { get; init; }

    /// <summary>Where the critic located the first error, when it said.</summary>
    public string? PredictedErrorLocation { get; init; }
}
