using Rethink.Core;
using Rethink.Evaluation.Runs;

namespace Rethink.Cli.Commands;

/// <summary>The problems an eval runs, where they came from, and how they are scored.</summary>
/// <param name="Problems">The problems, in order.</param>
/// <param name="Description">The dataset's identity for the run fingerprint.</param>
/// <param name="Verifier">The scoring verifier (never shown to strategies unless handed over as feedback).</param>
/// <param name="Limit">The --limit applied, if any.</param>
/// <param name="IsLab">True for the built-in lab suite.</param>
internal sealed record EvalSuite(IReadOnlyList<Problem> Problems, DatasetDescription Description, IVerifier Verifier, int? Limit, bool IsLab)
{
    /// <summary>True for a code dataset (humaneval, mbpp): scored by running tests, so it needs a code executor.</summary>
    public bool IsCode { get; init; }
}
