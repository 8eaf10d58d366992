using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Rethink.Cli.Telemetry;

/// <summary>
/// OpenTelemetry for model calls, off unless <c>RETHINK_OTEL</c> says <c>console</c> or <c>otlp</c>. Every client the
/// CLI builds is then wrapped in Microsoft.Extensions.AI's <see cref="OpenTelemetryChatClient"/>, which follows the
/// GenAI semantic conventions: a <c>chat {model}</c> span per call with <c>gen_ai.*</c> attributes, and the
/// <c>gen_ai.client.token.usage</c> and <c>gen_ai.client.operation.duration</c> histograms. Message content is recorded
/// only when <c>RETHINK_OTEL_CONTENT=1</c>; string attributes pass through the secret scrubber before any exporter sees
/// them. <c>console</c> writes one line per span (and the metrics at exit) to stderr, keeping stdout for answers;
/// <c>otlp</c> sends to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (protocol from <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>).
/// Disposing flushes and stops both providers. The OpenTelemetry SDK listens process-wide by source name, so two
/// instances alive at once in one process would each see the other's spans.
/// </summary>
internal sealed class ModelTelemetry : IDisposable
{
    /// <summary>The switch: <c>off</c> (default), <c>console</c> or <c>otlp</c>.</summary>
    public const string Variable = "RETHINK_OTEL";

    /// <summary>Set to <c>1</c> or <c>true</c> to record prompts and replies in spans (they may hold personal data).</summary>
    public const string ContentVariable = "RETHINK_OTEL_CONTENT";

    /// <summary>The ActivitySource and Meter name of the model-call telemetry.</summary>
    public const string SourceName = Rethink.Providers.ModelPipeline.TelemetrySourceName;

    private readonly TracerProvider _tracerProvider;
    private readonly MeterProvider _meterProvider;
    private readonly bool _recordContent;

    private ModelTelemetry(TracerProvider tracerProvider, MeterProvider meterProvider, bool recordContent)
    {
        _tracerProvider = tracerProvider;
        _meterProvider = meterProvider;
        _recordContent = recordContent;
    }

    /// <summary>
    /// Telemetry as the host's environment asks, or null when it is off. An unknown value is a usage
    /// <see cref="CliException"/> naming the variable.
    /// </summary>
    /// <param name="host">Environment and the stderr writer the console exporter uses.</param>
    /// <param name="scrub">Applied to every string attribute before export.</param>
    public static ModelTelemetry? FromEnvironment(CliHost host, Func<string, string> scrub)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(scrub);
        var mode = host.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant();
        var recordContent = host.GetEnvironmentVariable(ContentVariable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes";
        var traces = Sdk.CreateTracerProviderBuilder()
            .AddSource(SourceName)
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("rethink"))
            .AddProcessor(new ScrubbingActivityProcessor(scrub));
        var metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter(SourceName)
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("rethink"));
        switch (mode)
        {
            case null or "" or "off" or "0" or "false" or "none":
                return null;
            case "console":
                traces.AddProcessor(new SimpleActivityExportProcessor(new TextSpanExporter(host.Error)));

                // Collected once, when the provider is disposed at exit: one line per series, not a periodic stream.
                metrics.AddReader(new BaseExportingMetricReader(new TextMetricExporter(host.Error)));
                break;
            case "otlp":
                var endpoint = host.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
                var protocol = host.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL")?.Trim().ToLowerInvariant() switch
                {
                    null or "" or "grpc" => OtlpExportProtocol.Grpc,
                    "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
                    var other => throw CliException.Usage(
                        $"environment variable OTEL_EXPORTER_OTLP_PROTOCOL='{other}' is not supported; expected grpc or http/protobuf"),
                };
                var baseUri = ParseEndpoint(endpoint);
                traces.AddOtlpExporter(o => Configure(o, baseUri, protocol, "v1/traces"));
                metrics.AddOtlpExporter((o, _) => Configure(o, baseUri, protocol, "v1/metrics"));
                break;
            default:
                throw CliException.Usage($"environment variable {Variable}='{mode}' is not one of off, console, otlp");
        }

        return new ModelTelemetry(traces.Build(), metrics.Build(), recordContent);
    }

    /// <summary>Whether spans record message content (<c>RETHINK_OTEL_CONTENT=1</c>); the pipeline reads it.</summary>
    public bool RecordContent => _recordContent;

    /// <summary>Flushes what is buffered (spans for OTLP, all metrics) and stops listening.</summary>
    public void Dispose()
    {
        _tracerProvider.Dispose();
        _meterProvider.Dispose();
    }

    private static Uri? ParseEndpoint(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage("environment variable OTEL_EXPORTER_OTLP_ENDPOINT is not an http:// or https:// URL");
        }

        return uri;
    }

    // The exporter appends the signal path (v1/traces) only to an endpoint it read from the environment itself; one set
    // in code is used as given, so for HTTP the path is added here to match the OTLP specification.
    private static void Configure(OtlpExporterOptions options, Uri? baseUri, OtlpExportProtocol protocol, string signalPath)
    {
        options.Protocol = protocol;
        if (baseUri is not null)
        {
            options.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                : baseUri;
        }
    }
}
