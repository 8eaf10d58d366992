namespace Rethink.Cli.Tests.Fakes;

/// <summary>One chat-completions request as the fake server saw it.</summary>
public sealed record FakeChatRequest(int Number, string Model, IReadOnlyList<(string Role, string Content)> Messages, string? Authorization)
{
    public IEnumerable<string> UserMessages => Messages.Where(m => m.Role == "user").Select(m => m.Content);
}
