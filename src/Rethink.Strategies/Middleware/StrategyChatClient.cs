using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// Middleware that answers a chat request by running a strategy with the inner client as the generator. The incoming
/// messages become a <see cref="Problem"/> (id from <see cref="StrategyRequestProperties.ProblemId"/> or generated); the
/// request's options become the strategy's base options (without the override keys). The response's text is the
/// trajectory's final answer, its usage is the whole trajectory's usage (every call, every role), and
/// <c>AdditionalProperties[RethinkProperties.Trajectory]</c> holds the <see cref="Trajectory"/>.
/// <para>
/// Streaming runs the whole strategy first and then streams the final answer; intermediate turns are not streamed.
/// When the strategy stops early (budget, cancellation, provider failure) the <see cref="StrategyStoppedException"/>
/// propagates with the partial trajectory. Tool calls are not supported: strategies read text only.
/// </para>
/// Thread-safe when the strategy and the configured critics are (they are required to be): each request gets its own
/// context and trajectory. Whatever the user sends is passed to the model, and the model's answers are fed back into
/// later prompts by the strategy (prompt-injection risk).
/// </summary>
public sealed class StrategyChatClient : DelegatingChatClient
{
    private readonly StrategyChatClientOptions _options;

    /// <summary>Wraps <paramref name="innerClient"/> with <paramref name="strategy"/>.</summary>
    public StrategyChatClient(IChatClient innerClient, IStrategy strategy, StrategyChatClientOptions? options = null)
        : base(innerClient)
    {
        Strategy = strategy ?? throw new ArgumentNullException(nameof(strategy));
        _options = options ?? new StrategyChatClientOptions();
    }

    /// <summary>The strategy run for every request.</summary>
    public IStrategy Strategy { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var overrides = options?.AdditionalProperties;
        var problem = new Problem
        {
            Id = ReadString(overrides, StrategyRequestProperties.ProblemId) ?? _options.ProblemIdFactory?.Invoke() ?? "chat-" + Guid.NewGuid().ToString("N"),
            Messages = messages.Select(m => m.ToMessage()).ToList(),
        };
        var context = new StrategyContext
        {
            Generator = InnerClient,
            CriticModel = _options.CriticModel,
            Critic = _options.Critic,
            FeedbackVerifier = _options.FeedbackVerifier,
            Judge = _options.Judge,
            CodeExecutor = _options.CodeExecutor,
            Extractor = _options.Extractor,
            Options = WithoutOverrides(options),
            SampleTemperature = (float?)ReadDouble(overrides, StrategyRequestProperties.SampleTemperature) ?? _options.SampleTemperature,
            Seed = ReadLong(overrides, StrategyRequestProperties.Seed) ?? _options.Seed,
            MaxTokens = ReadLong(overrides, StrategyRequestProperties.MaxTokens) ?? _options.MaxTokens,
        };

        var trajectory = await Strategy.RunAsync(problem, context, cancellationToken).ConfigureAwait(false);
        var usage = trajectory.TotalUsage;
        var lastCall = trajectory.Calls.LastOrDefault();
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, trajectory.Final.Text))
        {
            ResponseId = "rethink-" + problem.Id,
            ModelId = lastCall?.Settings.ModelId ?? options?.ModelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = usage.InputTokens,
                OutputTokenCount = usage.OutputTokens,
                TotalTokenCount = usage.TotalTokens,
            },
            AdditionalProperties = new AdditionalPropertiesDictionary { [RethinkProperties.Trajectory] = trajectory },
        };
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private static ChatOptions? WithoutOverrides(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } props || !StrategyRequestProperties.All.Any(props.ContainsKey))
        {
            return options;
        }

        var clone = options.Clone();
        clone.AdditionalProperties = new AdditionalPropertiesDictionary(props);
        foreach (var key in StrategyRequestProperties.All)
        {
            clone.AdditionalProperties.Remove(key);
        }

        return clone;
    }

    private static string? ReadString(AdditionalPropertiesDictionary? props, string key) =>
        props is not null && props.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

    private static long? ReadLong(AdditionalPropertiesDictionary? props, string key)
    {
        var s = ReadString(props, key);
        if (s is null)
        {
            return null;
        }

        return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x)
            ? x
            : throw new ArgumentException($"Request property '{key}' must be an integer; got '{s}'.", nameof(props));
    }

    private static double? ReadDouble(AdditionalPropertiesDictionary? props, string key)
    {
        var s = ReadString(props, key);
        if (s is null)
        {
            return null;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x
            : throw new ArgumentException($"Request property '{key}' must be a number; got '{s}'.", nameof(props));
    }
}
