using Microsoft.Extensions.AI;

namespace Rethink.Server;

/// <summary>
/// One model the server offers under <see cref="Name"/>: a pipeline (<see cref="Client"/>) and, when requests may change
/// its settings through the <c>rethink.settings</c> extension field, a factory that builds the pipeline for a request's
/// overrides (<see cref="PipelineFactory"/>, limited to the keys in <see cref="AllowOverrides"/>). The server knows
/// nothing of what a pipeline does: a provider, a strategy over a provider (built with
/// <c>Rethink.Strategies.StrategyPipeline</c>, which supplies the pipeline, the factory and the allowed keys), or any
/// other <see cref="IChatClient"/>.
/// <para>
/// Contract: <see cref="Client"/>, and every client the factory returns, must be thread-safe (requests run
/// concurrently). The server never disposes what it is given, neither <see cref="Client"/> nor a client the factory
/// returned; their owner does, after the server stopped. The factory is called once per request that carries overrides
/// (never for a request without them, which <see cref="Client"/> answers), on the request's thread and before the request
/// waits for a concurrency slot, so it should be cheap; it must be thread-safe too.
/// </para>
/// </summary>
public sealed record ServedModel
{
    /// <summary>The name clients put in <c>model</c>: letters, digits and <c>-_.:+@/</c>, at most 128 characters.</summary>
    public required string Name { get; init; }

    /// <summary>The pipeline that answers every request without overrides. Thread-safe; never disposed by the server.</summary>
    public required IChatClient Client { get; init; }

    /// <summary>
    /// Builds the pipeline for one request's overrides, or null when requests cannot change anything. Its argument is
    /// never empty, and holds only keys from <see cref="AllowOverrides"/>, normalised by
    /// <see cref="Core.SettingKeys.Normalize"/> (snake_case), with their values as strings (JSON numbers and booleans as
    /// written: <c>2</c>, <c>true</c>). It throws <see cref="ArgumentException"/> for a value it refuses; the request is
    /// then answered 400 with the exception's message (without its parameter suffix), so the message must be fit for the
    /// caller and carry no secrets. Any other exception is a 500. Called per request; see the type's contract.
    /// </summary>
    public Func<IReadOnlyDictionary<string, string>, IChatClient>? PipelineFactory { get; init; }

    /// <summary>
    /// The setting keys a request may override (normalised by the server, so <c>max-rounds</c> means <c>max_rounds</c>);
    /// empty: none. Any other key in a request is a 400 naming <c>rethink.settings.KEY</c>, before the factory is called.
    /// Not empty only with a <see cref="PipelineFactory"/>.
    /// </summary>
    public IReadOnlyList<string> AllowOverrides { get; init; } = [];

    /// <summary>
    /// True when the pipeline runs a strategy. The server then passes a request's <c>seed</c> also under
    /// <see cref="Core.RethinkProperties.StrategySeed"/>, so the strategy's own sampled calls follow it, and reports a
    /// refused override as an invalid strategy setting.
    /// </summary>
    public bool RunsStrategy { get; init; }

    /// <summary>Shown as <c>owned_by</c> in <c>/v1/models</c>.</summary>
    public string OwnedBy { get; init; } = "rethink";
}
