namespace Rethink.Verifiers.Code;

/// <summary>Settings of <see cref="CodeExecutionVerifier"/>.</summary>
public sealed record CodeExecutionVerifierOptions
{
    /// <summary>Wall-clock limit of one judged run, solution and judge together (default 10 s; HumanEval's own harness uses 3 s per problem).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most characters of the error output (the solution's, then the judge's) quoted in a failing verdict's explanation (default 2,000; its tail is kept).</summary>
    public int MaxQuotedOutput { get; init; } = 2000;
}
