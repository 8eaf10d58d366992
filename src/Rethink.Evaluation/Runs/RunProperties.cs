namespace Rethink.Evaluation.Runs;

/// <summary>Keys the runner puts in Microsoft.Extensions.AI <c>AdditionalProperties</c> bags.</summary>
public static class RunProperties
{
    /// <summary>
    /// ChatOptions key: the run sample index (int) of the (strategy, problem, sample) a call belongs to. Distinct from
    /// a strategy's own per-call sample index; both are part of the response-cache key, so run samples are never
    /// collapsed into one even when the provider ignores seeds.
    /// </summary>
    public const string RunSample = "rethink.run_sample";
}
