using Microsoft.Extensions.AI;

namespace Rethink.Providers;

/// <summary>
/// A model made ready by <see cref="ModelPipeline.Create"/>: its spec and identity, the top of its pipeline, and the
/// endpoint-health layer a caller reads after a run (an aborted run can still say why the endpoint failed). Disposing
/// it disposes the whole pipeline, provider included (an in-process lab model holds KV caches and a thread).
/// </summary>
public sealed class ModelClient : IDisposable
{
    internal ModelClient(ModelSpec spec, ModelIdentity identity, IChatClient client, EndpointHealthChatClient health)
    {
        Spec = spec;
        Identity = identity;
        Client = client;
        Health = health;
    }

    /// <summary>What the spec said.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The spec and, for a file model, its content digest.</summary>
    public ModelIdentity Identity { get; }

    /// <summary>The top of the pipeline: what strategies and servers call. Thread-safe.</summary>
    public IChatClient Client { get; }

    /// <summary>The endpoint-health layer of this pipeline.</summary>
    public EndpointHealthChatClient Health { get; }

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();
}
