namespace Rethink.Cli.Models;

/// <summary>How provider clients are built: the key from the environment, the one retry layer, the network timeout.</summary>
internal sealed record ModelClientSettings
{
    /// <summary>The API key read from the environment, or null when none is set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Retries for transient failures (429, 5xx, dropped connections). The OpenAI SDK's retry policy is the only retry
    /// layer; nothing above it retries, so one logical call never fans out into retries of retries.
    /// </summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>How long one HTTP request may take; long because slow local models can generate for minutes.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
