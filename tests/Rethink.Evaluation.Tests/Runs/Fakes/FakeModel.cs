using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Evaluation.Tests.Runs.Fakes;

/// <summary>One call seen by <see cref="FakeModel"/>.</summary>
public sealed record FakeCall(int Number, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
{
    public string FirstUserText => Messages.First(m => m.Role == ChatRole.User).Text;

    public int? RunSample => Options?.AdditionalProperties?.TryGetValue(Evaluation.Runs.RunProperties.RunSample, out var v) == true && v is int i ? i : null;

    public int? CallSample => Options?.AdditionalProperties?.TryGetValue(RethinkProperties.SampleIndex, out var v) == true && v is int i ? i : null;
}

/// <summary>
/// A deterministic fake model: the reply is a pure function of the request (so an interrupted and an uninterrupted run
/// see the same replies), with fixed usage per call, optional hooks before replying, and a count of concurrent calls.
/// Thread-safe.
/// </summary>
public sealed class FakeModel : IChatClient
{
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;

    public Func<FakeCall, string> Respond { get; init; } = DefaultReply;

    /// <summary>Runs before each reply (gates, cancellation, failures).</summary>
    public Func<FakeCall, CancellationToken, Task>? BeforeReply { get; init; }

    public long InputTokens { get; init; } = 10;

    public long OutputTokens { get; init; } = 5;

    public int CallCount => Volatile.Read(ref _calls);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public List<FakeCall> Calls { get; } = [];

    /// <summary>
    /// "step\n" + an answer that depends on the question, the seed and the number of messages: correct ("a" + the
    /// question's number) for some seeds, "wrong" for others, so samples and rounds differ.
    /// </summary>
    public static string DefaultReply(FakeCall call)
    {
        var question = call.FirstUserText;
        var number = question.StartsWith('q') ? question[1..] : question;
        var seed = call.Options?.Seed ?? 0;
        var mix = (question.Sum(c => (long)c) + seed + call.Messages.Count) % 3;
        return mix == 0 ? $"step\na{number}" : $"step\nwrong{mix}";
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var number = Interlocked.Increment(ref _calls);
        var call = new FakeCall(number, messages.ToList(), options?.Clone());
        lock (Calls)
        {
            Calls.Add(call);
        }

        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            if (BeforeReply is not null)
            {
                await BeforeReply(call, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var text = Respond(call);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
            {
                Usage = new UsageDetails { InputTokenCount = InputTokens, OutputTokenCount = OutputTokens, TotalTokenCount = InputTokens + OutputTokens },
                FinishReason = ChatFinishReason.Stop,
            };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The runner tests do not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
