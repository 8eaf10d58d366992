namespace Rethink.Strategies;

/// <summary>Options of <see cref="SelfDebugStrategy"/>.</summary>
public sealed record SelfDebugOptions
{
    /// <summary>Largest <see cref="MaxRounds"/> accepted.</summary>
    public const int MaxRoundsLimit = 10;

    /// <summary>Largest <see cref="TimeoutSeconds"/> accepted.</summary>
    public const int TimeoutSecondsLimit = 300;

    /// <summary>Explain-and-fix rounds at most after failed test runs.</summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>Which tests are run and shown: the visible ones (default) or, as an explicit oracle setting, the hidden ones.</summary>
    public SelfDebugTests Tests { get; init; } = SelfDebugTests.Visible;

    /// <summary>Wall-clock limit of each test run, in seconds.</summary>
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>The turn after a failed run asking the model to explain its code (placeholder: {feedback}).</summary>
    public string ExplainPrompt { get; init; } = SelfDebugStrategy.DefaultExplainPrompt;

    /// <summary>The turn after the explanation asking for the fixed code.</summary>
    public string FixPrompt { get; init; } = SelfDebugStrategy.DefaultFixPrompt;
}
