using Microsoft.Extensions.AI;
using Rethink.Cli.Models;

namespace Rethink.Cli.Commands;

/// <summary>A built model: its spec and the client, with the health tracker the CLI reads after a run.</summary>
/// <param name="Spec">What --model said.</param>
/// <param name="Health">The provider client behind the failure tracker.</param>
internal sealed record ModelClient(ModelSpec Spec, EndpointHealthChatClient Health)
{
    public IChatClient Client => Health;
}
