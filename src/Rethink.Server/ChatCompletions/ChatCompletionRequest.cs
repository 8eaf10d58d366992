using Microsoft.Extensions.AI;

namespace Rethink.Server.ChatCompletions;

/// <summary>A validated <c>POST /v1/chat/completions</c> body, mapped onto Microsoft.Extensions.AI types.</summary>
internal sealed record ChatCompletionRequest
{
    public required string Model { get; init; }

    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Temperature, top_p, max tokens, seed, stop, penalties, response format; ModelId is left to the provider.</summary>
    public required ChatOptions Options { get; init; }

    public int N { get; init; } = 1;

    /// <summary><c>logprobs</c>: report each choice's tokens with their log-probabilities, where the provider can.</summary>
    public bool LogProbs { get; init; }

    public bool Stream { get; init; }

    /// <summary><c>stream_options.include_usage</c>: a last chunk with empty choices and the usage.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>The extension field was asked for (<c>rethink.summary</c> or <c>rethink.trajectory</c>).</summary>
    public bool WantExtension { get; init; }

    /// <summary>The full trajectory was asked for (<c>rethink.trajectory</c>).</summary>
    public bool WantTrajectory { get; init; }

    /// <summary>Setting overrides from <c>rethink.settings</c> (keys normalised by <c>SettingKeys.Normalize</c>), for the model's factory.</summary>
    public IReadOnlyDictionary<string, string> SettingOverrides { get; init; } = new Dictionary<string, string>();
}
