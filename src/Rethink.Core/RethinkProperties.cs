namespace Rethink.Core;

/// <summary>
/// Keys Rethink uses in Microsoft.Extensions.AI <c>AdditionalProperties</c> bags. Providers that can, set the
/// response keys; strategies set the option keys.
/// </summary>
public static class RethinkProperties
{
    /// <summary>ChatOptions key: the sample index of a call (int). Part of the response-cache key.</summary>
    public const string SampleIndex = "rethink.sample_index";

    /// <summary>
    /// ChatOptions key: the <see cref="ModelRole"/> of a call, as its name (e.g. "Critic"). Lets a provider that plays
    /// several parts (a scripted teacher, tracing) tell a critique call from a generation call. Not part of the cache key
    /// beyond what the messages already determine.
    /// </summary>
    public const string ModelRole = "rethink.model_role";

    /// <summary>
    /// ChatResponse key: mean log-probability of the reply's tokens (double); the end-of-turn token is not one of them,
    /// as in the token lists of OpenAI-compatible servers.
    /// </summary>
    public const string MeanLogProb = "rethink.mean_logprob";

    /// <summary>ChatResponse key: per-token log-probabilities (IReadOnlyList&lt;double&gt;).</summary>
    public const string TokenLogProbs = "rethink.token_logprobs";

    /// <summary>
    /// ChatOptions key: ask the provider for per-token log-probabilities (bool), reported under
    /// <see cref="TokenProbabilities"/>. The name is the OpenAI request field's, so it passes through a served model.
    /// </summary>
    public const string LogProbs = "logprobs";

    /// <summary>ChatOptions key: how many most likely alternatives to report per token (int, 0-20), with <see cref="LogProbs"/>.</summary>
    public const string TopLogProbs = "top_logprobs";

    /// <summary>
    /// ChatResponse and ChatResponseUpdate key: the output tokens with their log-probabilities
    /// (IReadOnlyList&lt;<see cref="TokenLogProbability"/>&gt;), when <see cref="LogProbs"/> was asked for and the provider
    /// can. On a streamed update, the tokens of that update's text.
    /// </summary>
    public const string TokenProbabilities = "rethink.token_probabilities";

    /// <summary>
    /// ChatOptions key: the base seed for a strategy's own sampled calls (integer). Strategy middleware reads it and removes
    /// it before its calls reach the provider; a server forwards a request's <c>seed</c> under it to a pipeline that runs
    /// a strategy, so self-consistency or best-of-n samples follow the request's seed.
    /// </summary>
    public const string StrategySeed = "rethink.seed";

    /// <summary>ChatResponse key: true when served from the response cache.</summary>
    public const string Cached = "rethink.cached";

    /// <summary>ChatResponse key: the strategy's trajectory (a <see cref="Trajectory"/>), set by strategy middleware.</summary>
    public const string Trajectory = "rethink.trajectory";

    /// <summary>
    /// True when <paramref name="options"/> ask for per-token log-probabilities (<see cref="LogProbs"/> is true);
    /// <paramref name="topLogProbs"/> is then the <see cref="TopLogProbs"/> count, 0 when absent.
    /// </summary>
    public static bool WantsLogProbs(Microsoft.Extensions.AI.ChatOptions? options, out int topLogProbs)
    {
        topLogProbs = 0;
        if (options?.AdditionalProperties is not { } props || !props.TryGetValue(LogProbs, out var asked) || asked is not true)
        {
            return false;
        }

        if (props.TryGetValue(TopLogProbs, out var top) && top is not null)
        {
            topLogProbs = Convert.ToInt32(top, System.Globalization.CultureInfo.InvariantCulture);
        }

        return true;
    }

    /// <summary><see cref="WantsLogProbs(Microsoft.Extensions.AI.ChatOptions?, out int)"/> without the count.</summary>
    public static bool WantsLogProbs(Microsoft.Extensions.AI.ChatOptions? options) => WantsLogProbs(options, out _);
}
