using Rethink.Evaluation.Runs;

namespace Rethink.Providers;

/// <summary>Everything <see cref="ModelPipeline.Create"/> needs besides the spec. Immutable.</summary>
public sealed record ModelPipelineOptions
{
    /// <summary>The key, the retry count and the timeouts (see <see cref="ModelClientSettings.FromEnvironment"/>).</summary>
    public ModelClientSettings Settings { get; init; } = new();

    /// <summary>Values masked in every reply, right above the provider (see <see cref="SecretScrubber.KnownValues"/>).</summary>
    public IReadOnlyList<string> ReplySecrets { get; init; } = [];

    /// <summary>When true, model calls emit OpenTelemetry GenAI spans and metrics under <see cref="ModelPipeline.TelemetrySourceName"/>.</summary>
    public bool Telemetry { get; init; }

    /// <summary>With <see cref="Telemetry"/>: record message content in spans (already masked).</summary>
    public bool TelemetryContent { get; init; }

    /// <summary>A response cache to serve repeated calls from (keyed by the model's identity); null: no cache.</summary>
    public ResponseCache? Cache { get; init; }
}
