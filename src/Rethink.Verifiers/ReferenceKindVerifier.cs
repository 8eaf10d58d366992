using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>
/// Verifies each problem with the verifier for its own <see cref="Reference.Kind"/> (see
/// <see cref="AnswerVerifiers.For"/>), so one run can score a dataset that mixes answer kinds. Problems whose kind has
/// no answer verifier here (<see cref="AnswerKind.None"/>, <see cref="AnswerKind.Code"/>) get an Unsure verdict with
/// reason <see cref="UnsupportedKind"/>. Thread-safe.
/// </summary>
public sealed class ReferenceKindVerifier : IVerifier
{
    /// <summary>Reason id: the problem's answer kind has no answer verifier.</summary>
    public const string UnsupportedKind = "reference.unsupported_kind";

    /// <summary>Shared instance.</summary>
    public static ReferenceKindVerifier Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "reference";

    /// <inheritdoc />
    public Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var kind = problem.Reference.Kind;
        if (!AnswerVerifiers.Supports(kind))
        {
            return Task.FromResult(Verdict.Unsure(UnsupportedKind, AnswerVerifiers.WhyUnsupported(kind)));
        }

        return AnswerVerifiers.For(kind).VerifyAsync(problem, attempt, cancellationToken);
    }
}
