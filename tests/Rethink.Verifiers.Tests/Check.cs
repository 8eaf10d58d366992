using Rethink.Core;

namespace Rethink.Verifiers.Tests;

/// <summary>Runs a verifier on a one-message problem and a plain attempt.</summary>
internal static class Check
{
    public static Task<Verdict> Run(IVerifier verifier, Reference reference, string response, string? extracted = null) =>
        verifier.VerifyAsync(Problem.FromQuestion("p1", "question", reference), new Attempt(response, extracted, TokenUsage.Zero));

    public static Task<Verdict> Numeric(string gold, string response) =>
        Run(NumericVerifier.Instance, new Reference { Kind = AnswerKind.Numeric, Answer = gold }, response);

    public static Task<Verdict> Choice(string gold, string response, IReadOnlyList<string>? choices = null) =>
        Run(ChoiceVerifier.Instance, new Reference { Kind = AnswerKind.Choice, Answer = gold, Choices = choices }, response);
}
