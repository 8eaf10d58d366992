using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Evaluation.Runs;

/// <summary>
/// The generator of one trajectory on a problem with a <see cref="Problem.GivenAnswer"/>: the first call (streamed or
/// not) returns the given answer with zero token usage and finish reason "stop", without calling the model; every
/// later call goes to the inner client. A call cancelled before it starts throws and leaves the given answer for the
/// next call. Make one instance per trajectory: the "first call" is counted per instance.
/// A strategy that samples its first answers in parallel (self-consistency) gets the given answer for one of them.
/// </summary>
public sealed class GivenAnswerChatClient : DelegatingChatClient
{
    /// <summary>The model id the given answer is reported under.</summary>
    public const string ModelId = "given-answer";

    private readonly string _answer;
    private int _used;

    /// <summary>Wraps <paramref name="inner"/> so that the first call returns <paramref name="answer"/>.</summary>
    public GivenAnswerChatClient(string answer, IChatClient inner)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(answer);
        _answer = answer;
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TakeFirst()
            ? Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, _answer)) { FinishReason = ChatFinishReason.Stop, ModelId = ModelId, Usage = Free() })
            : base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TakeFirst() ? Given(cancellationToken) : base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private bool TakeFirst() => Interlocked.Exchange(ref _used, 1) == 0;

    private static UsageDetails Free() => new() { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 };

    private async IAsyncEnumerable<ChatResponseUpdate> Given([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return new ChatResponseUpdate(ChatRole.Assistant, _answer) { ModelId = ModelId };
        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop, ModelId = ModelId, Contents = [new UsageContent(Free())] };
    }
}
