namespace Rethink.Cli.Commands;

/// <summary>The <c>limits</c> object of a serve configuration; null values keep the server's defaults (or the command line's).</summary>
internal sealed record ServeLimits
{
    public int? MaxConcurrentRequests { get; init; }

    public int? MaxQueuedRequests { get; init; }

    public int? RequestTimeoutSeconds { get; init; }

    public int? MaxOutputTokens { get; init; }

    public int? MaxChoices { get; init; }

    public int? MaxMessages { get; init; }

    public int? MaxMessageChars { get; init; }

    public int? MaxRequestBodyBytes { get; init; }

    public int? RequestBodyTimeoutSeconds { get; init; }
}
