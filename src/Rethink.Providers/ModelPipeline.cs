using Microsoft.Extensions.AI;
using Rethink.Evaluation.Runs;

namespace Rethink.Providers;

/// <summary>
/// The one place a model client is assembled, for every command, the server and library users. From the provider
/// up: secret masking (so no layer above ever sees a configured key), OpenTelemetry (one span per model call), endpoint
/// health (remembers why the endpoint failed), and the response cache (keyed by the model's identity). Strategies go on
/// top of <see cref="ModelClient.Client"/> as their own <c>Use...</c> middleware.
/// </summary>
public static class ModelPipeline
{
    /// <summary>The activity source and meter of model-call telemetry.</summary>
    public const string TelemetrySourceName = "Rethink.Models";

    /// <summary>
    /// Builds the pipeline for <paramref name="spec"/>. Throws <see cref="ModelConfigurationException"/> when the spec
    /// or the environment is wrong and <see cref="MissingCredentialsException"/> when a needed key is missing, before
    /// any request is made.
    /// </summary>
    public static ModelClient Create(ModelSpec spec, ModelPipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new ModelPipelineOptions();
        var identity = ModelProviders.Identify(spec);
        var provider = ModelProviders.Create(spec, options.Settings);
        EndpointHealthChatClient? health = null;

        // ChatClientBuilder calls its stages outermost first, so they are listed from the top down.
        var builder = provider.AsBuilder();
        if (options.Cache is { } cache)
        {
            builder = builder.Use(inner => new ResponseCacheChatClient(inner, cache, identity.ToString()));
        }

        builder = builder.Use(inner => health = new EndpointHealthChatClient(inner, spec.ToString()));
        if (options.Telemetry)
        {
            var content = options.TelemetryContent;
            builder = builder.UseOpenTelemetry(loggerFactory: null, sourceName: TelemetrySourceName, configure: c => c.EnableSensitiveData = content);
        }

        var client = builder.UseSecretScrubbing(options.ReplySecrets).Build();
        return new ModelClient(spec, identity, client, health!);
    }
}
