using System.Globalization;

namespace Rethink.Providers;

/// <summary>
/// How provider clients are built: the key from the environment, the one retry layer and the timeouts. Every network
/// provider (OpenAI-compatible, Ollama) gets its HttpClient from <see cref="ProviderHttp"/> with these settings, so the
/// same rules hold whichever scheme <c>--model</c> names.
/// </summary>
public sealed record ModelClientSettings
{
    /// <summary>Variable overriding <see cref="AttemptTimeout"/>, in seconds.</summary>
    public const string AttemptTimeoutVariable = "RETHINK_REQUEST_TIMEOUT";

    /// <summary>Variable overriding <see cref="ConnectTimeout"/>, in seconds.</summary>
    public const string ConnectTimeoutVariable = "RETHINK_CONNECT_TIMEOUT";

    /// <summary>Variable overriding <see cref="RetryAfterCap"/>, in seconds.</summary>
    public const string RetryAfterCapVariable = "RETHINK_RETRY_AFTER_CAP";

    /// <summary>Variable overriding <see cref="IdleTimeout"/>, in seconds.</summary>
    public const string IdleTimeoutVariable = "RETHINK_IDLE_TIMEOUT";

    /// <summary>The API key read from the environment, or null when none is set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Retries for transient failures (connect failures, 408, 429, 500, 502, 503, 504, and for a call that is not
    /// streamed, a connection reset or closed after the request was sent and a response body that ends early or
    /// stalls; see <see cref="TransientFaults"/>). <see cref="RetryingHttpHandler"/>
    /// is the only retry layer: the OpenAI SDK's own policy is switched off and nothing above the HttpClient retries,
    /// so one logical call makes at most <c>MaxRetries + 1</c> requests.
    /// </summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>
    /// How long one attempt may wait for the response headers (and, unless <see cref="IdleTimeout"/> is set, how long
    /// any one read of the body may wait for data). Long because a non-streaming generation on a slow local model sends
    /// nothing until it is done. A timed-out attempt is not retried: the server may still be working.
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long one read of a response body may wait for data once the headers arrived; null means
    /// <see cref="AttemptTimeout"/>. A stall in a body that is not streamed fails the attempt and is retried; a stream
    /// that stalls fails the call. See <see cref="BodyIdleTimeout"/> for the value in force.
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>The body idle limit in force: <see cref="IdleTimeout"/>, or <see cref="AttemptTimeout"/> when unset.</summary>
    public TimeSpan BodyIdleTimeout => IdleTimeout ?? AttemptTimeout;

    /// <summary>How long opening the TCP/TLS connection may take; short, since a live server accepts at once.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a <c>Retry-After</c> header (or the backoff) can impose before a retry.</summary>
    public TimeSpan RetryAfterCap { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First backoff delay when the server gives no <c>Retry-After</c>; doubles per retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Settings with the timeouts and cap taken from the environment where set. A malformed value is a usage
    /// <see cref="ModelConfigurationException"/> naming the variable.
    /// </summary>
    public static ModelClientSettings FromEnvironment(Func<string, string?> getEnvironmentVariable, string? apiKey, int maxRetries)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var defaults = new ModelClientSettings();
        return new ModelClientSettings
        {
            ApiKey = apiKey,
            MaxRetries = maxRetries,
            AttemptTimeout = Seconds(getEnvironmentVariable, AttemptTimeoutVariable) ?? defaults.AttemptTimeout,
            ConnectTimeout = Seconds(getEnvironmentVariable, ConnectTimeoutVariable) ?? defaults.ConnectTimeout,
            RetryAfterCap = Seconds(getEnvironmentVariable, RetryAfterCapVariable, allowZero: true) ?? defaults.RetryAfterCap,
            IdleTimeout = Seconds(getEnvironmentVariable, IdleTimeoutVariable),
        };
    }

    private static TimeSpan? Seconds(Func<string, string?> getEnvironmentVariable, string name, bool allowZero = false)
    {
        var text = getEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || (seconds == 0 && !allowZero) || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new ModelConfigurationException(
                $"environment variable {name}='{text.Trim()}' is not a number of seconds ({(allowZero ? "0" : "more than 0")} to 86400)");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
