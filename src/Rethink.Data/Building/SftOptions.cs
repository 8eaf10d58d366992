namespace Rethink.Data;

/// <summary>Options of <see cref="SftBuilder"/>. Immutable.</summary>
public sealed record SftOptions
{
    /// <summary>Keep only trajectories whose first committed attempt was already correct (drops <c>sft.first_try_incorrect</c>).</summary>
    public bool OnlyFirstTryCorrect { get; init; }

    /// <summary>
    /// Keep corrected retries (first attempt wrong, final right; default true). The record's prompt is still the
    /// original question and its completion the final text, so the correction conversation is not trained on.
    /// </summary>
    public bool IncludeCorrectedRetries { get; init; } = true;
}
