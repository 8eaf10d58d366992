namespace Rethink.Testing.Http;

/// <summary>One chat-completions request as the fake server saw it.</summary>
public sealed record FakeChatRequest(int Number, string Model, IReadOnlyList<(string Role, string Content)> Messages, string? Authorization)
{
    /// <summary>The request's temperature, when it sent one (OpenAI path only).</summary>
    public double? Temperature { get; init; }

    /// <summary>The request's <c>Idempotency-Key</c> header, or null when it sent none.</summary>
    public string? IdempotencyKey { get; init; }

    public IEnumerable<string> UserMessages => Messages.Where(m => m.Role == "user").Select(m => m.Content);
}
