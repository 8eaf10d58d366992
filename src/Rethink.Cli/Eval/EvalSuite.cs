using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Cli.Eval;

/// <summary>
/// The problems an eval runs, where they came from, how they are scored, and what the suite itself brings: the
/// strategies and models it runs when none are named, the strategy defaults that fit it, and the components its
/// verifier adds to the run's configuration. Immutable.
/// </summary>
/// <param name="Problems">The problems, in order.</param>
/// <param name="Description">The dataset's identity for the run fingerprint.</param>
/// <param name="Verifier">The scoring verifier (never shown to strategies unless handed over as feedback).</param>
/// <param name="Limit">The --limit applied, if any.</param>
internal sealed record EvalSuite(IReadOnlyList<Problem> Problems, DatasetDescription Description, IVerifier Verifier, int? Limit)
{
    /// <summary>True for a code dataset (humaneval, mbpp): scored by running tests, so it needs a code executor.</summary>
    public bool IsCode { get; init; }

    /// <summary>The strategies run when <c>--strategy</c> is not given; null: the option is required.</summary>
    public IReadOnlyList<string>? DefaultStrategies { get; init; }

    /// <summary>The models run, one run each, when <c>--model</c> is not given; null: the option is required.</summary>
    public IReadOnlyList<string>? DefaultModels { get; init; }

    /// <summary>Strategy settings applied unless <c>--set</c> names them.</summary>
    public IReadOnlyDictionary<string, string> StrategyDefaults { get; init; } = new Dictionary<string, string>();

    /// <summary>Run components the suite's verifier adds (what it records beyond a verdict).</summary>
    public IReadOnlyDictionary<string, string> VerifierComponents { get; init; } = new Dictionary<string, string>();
}
