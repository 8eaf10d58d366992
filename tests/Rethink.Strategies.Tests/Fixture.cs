using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Testing;

namespace Rethink.Strategies.Tests;

internal static class Fixture
{
    public const string Question = "What is 2 + 3?";

    public static Problem Problem(string question = Question) =>
        Rethink.Core.Problem.FromQuestion("p1", question, new Reference { Kind = AnswerKind.Numeric, Answer = "5" });

    public static StrategyContext Context(
        IChatClient generator,
        IVerifier? verifier = null,
        IJudge? judge = null,
        ICritic? critic = null,
        IChatClient? criticModel = null,
        long? maxTokens = null,
        Rethink.Core.Execution.ICodeExecutor? executor = null) => new()
        {
            CodeExecutor = executor,
            Generator = generator,
            FeedbackVerifier = verifier,
            Judge = judge,
            Critic = critic,
            CriticModel = criticModel,
            MaxTokens = maxTokens,
            Extractor = AnswerPrefixExtractor.Instance,
            SampleTemperature = 0.8f,
            Seed = 42,
        };

    public static IReadOnlyList<Message> Msgs(params Message[] messages) => messages;

    public static Message U(string text) => Message.User(text);

    public static Message A(string text) => Message.Assistant(text);

    public static List<string?> CommittedAnswers(Trajectory t) => t.CommittedAttempts.Select(a => a.Answer).ToList();
}
