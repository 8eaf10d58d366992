using Microsoft.Extensions.AI;
using Rethink.Cli.Models;

namespace Rethink.Cli.Commands;

/// <summary>
/// The generator and optional critic client for a command, each behind an <see cref="EndpointHealthChatClient"/>.
/// Disposing the factory disposes every client it made (an in-process lab model holds KV caches and a thread).
/// </summary>
internal sealed class ModelFactory : IDisposable
{
    private readonly CliContext _context;
    private readonly List<IChatClient> _created = [];

    public ModelFactory(CliContext context) => _context = context;

    public ModelClient Create(ModelSpec spec, int retries)
    {
        var settings = ModelClientSettings.FromEnvironment(_context.Host.GetEnvironmentVariable, _context.ApiKey, retries);
        var client = ModelProviders.Create(spec, settings, _context.ReplySecrets);

        // Telemetry sits right on the provider (behind its secret masking), so a span measures one model call, not the
        // health bookkeeping above it, and recorded content is already masked.
        if (_context.Telemetry is { } telemetry)
        {
            client = telemetry.Wrap(client);
        }

        var health = new EndpointHealthChatClient(client, spec.ToString());
        _created.Add(health);
        return new ModelClient(spec, health);
    }

    public void Dispose()
    {
        foreach (var client in _created)
        {
            client.Dispose();
        }

        _created.Clear();
    }
}
