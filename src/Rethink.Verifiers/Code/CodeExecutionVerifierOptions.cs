namespace Rethink.Verifiers.Code;

/// <summary>Settings of <see cref="CodeExecutionVerifier"/>.</summary>
public sealed record CodeExecutionVerifierOptions
{
    /// <summary>Wall-clock limit per program (default 10 s; HumanEval's own harness uses 3 s per problem).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most characters of the program's error output quoted in a failing verdict's explanation (default 2,000; its tail is kept).</summary>
    public int MaxQuotedOutput { get; init; } = 2000;
}
