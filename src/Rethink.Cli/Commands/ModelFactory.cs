using Rethink.Providers;

namespace Rethink.Cli.Commands;

/// <summary>
/// The models of one command, each built by <see cref="ModelPipeline"/> with this command's settings: the key and
/// timeouts from the environment, the secrets masked in replies, telemetry when <c>RETHINK_OTEL</c> is on, and the
/// response cache when one is given. Disposing the factory disposes every model it made.
/// </summary>
internal sealed class ModelFactory : IDisposable
{
    private readonly CliContext _context;
    private readonly Rethink.Evaluation.Runs.ResponseCache? _cache;
    private readonly List<ModelClient> _created = [];

    public ModelFactory(CliContext context, Rethink.Evaluation.Runs.ResponseCache? cache = null)
    {
        _context = context;
        _cache = cache;
    }

    public ModelClient Create(ModelSpec spec, int retries)
    {
        var model = ModelPipeline.Create(spec, new ModelPipelineOptions
        {
            Settings = ModelClientSettings.FromEnvironment(_context.Host.GetEnvironmentVariable, _context.ApiKey, retries),
            ReplySecrets = _context.ReplySecrets,
            Telemetry = _context.Telemetry is not null,
            TelemetryContent = _context.Telemetry?.RecordContent ?? false,
            Cache = _cache,
        });
        _created.Add(model);
        return model;
    }

    public void Dispose()
    {
        foreach (var model in _created)
        {
            model.Dispose();
        }

        _created.Clear();
    }
}
