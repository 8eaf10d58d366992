using Microsoft.Extensions.AI;
using Rethink.Cli.Models;

namespace Rethink.Cli.Commands;

/// <summary>The generator and optional critic client for a command, each behind an <see cref="EndpointHealthChatClient"/>.</summary>
internal sealed class ModelFactory
{
    private readonly CliContext _context;

    public ModelFactory(CliContext context) => _context = context;

    public ModelClient Create(ModelSpec spec, int retries)
    {
        var settings = ModelClientSettings.FromEnvironment(_context.Host.GetEnvironmentVariable, _context.ApiKey, retries);
        var client = ModelProviders.Create(spec, settings);

        // Telemetry sits right on the provider, so a span measures one model call, not the health bookkeeping above it.
        if (_context.Telemetry is { } telemetry)
        {
            client = telemetry.Wrap(client);
        }

        var health = new EndpointHealthChatClient(client, spec.ToString());
        return new ModelClient(spec, health);
    }
}
