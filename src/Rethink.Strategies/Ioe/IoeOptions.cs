namespace Rethink.Strategies;

/// <summary>Options of <see cref="IoeStrategy"/>.</summary>
public sealed record IoeOptions
{
    /// <summary>The second user turn: keep the answer if confident, otherwise update it.</summary>
    public string ConfidencePrompt { get; init; } = IoeStrategy.DefaultConfidencePrompt;

    /// <summary>The third user turn, asked only when the second answer differs from the first.</summary>
    public string ReconcilePrompt { get; init; } = IoeStrategy.DefaultReconcilePrompt;
}
