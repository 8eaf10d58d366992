using Microsoft.Extensions.AI;

namespace Rethink.Providers;

/// <summary>The <see cref="ChatClientBuilder"/> extension that adds <see cref="SecretScrubbingChatClient"/>.</summary>
public static class SecretScrubbingChatClientBuilderExtensions
{
    /// <summary>
    /// Masks every value of <paramref name="secrets"/> in what the clients below return (text, streamed or whole,
    /// tool-call arguments, log-probability tokens). Use it right on the provider client, so that every layer above
    /// sees masked text only. Adds nothing when there are no secrets.
    /// </summary>
    /// <param name="builder">The pipeline under construction.</param>
    /// <param name="secrets">The values to mask, such as <see cref="Rethink.Evaluation.Runs.SecretScrubber.KnownValues"/>.</param>
    public static ChatClientBuilder UseSecretScrubbing(this ChatClientBuilder builder, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var masker = new SecretMasker(secrets);
        return builder.Use(inner => masker.IsEmpty ? inner : new SecretScrubbingChatClient(inner, masker));
    }
}
