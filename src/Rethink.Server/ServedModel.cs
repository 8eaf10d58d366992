using Microsoft.Extensions.AI;
using Rethink.Strategies;

namespace Rethink.Server;

/// <summary>
/// One model the server offers under <see cref="Name"/>: a provider client, optionally wrapped in a strategy from
/// <see cref="StrategyCatalog"/>. With <see cref="Strategy"/> null the server is a pass-through (streaming is forwarded
/// token by token); with a strategy every request runs the whole strategy (streaming sends the final answer after it).
/// A request may change the strategy settings named in <see cref="AllowOverrides"/> (values within the catalog's
/// bounds) through the <c>rethink.settings</c> extension field; no other setting, critic or verifier can be changed by
/// a caller. The server never disposes <see cref="Client"/>; its owner does.
/// </summary>
public sealed record ServedModel
{
    /// <summary>The name clients put in <c>model</c>: letters, digits and <c>-_.:+@/</c>, at most 128 characters.</summary>
    public required string Name { get; init; }

    /// <summary>The provider (the strategy's generator, or the whole pipeline when there is no strategy). Thread-safe.</summary>
    public required IChatClient Client { get; init; }

    /// <summary>The strategy's catalog name, or null for a pass-through model.</summary>
    public string? Strategy { get; init; }

    /// <summary>The strategy's settings (catalog keys, snake_case; <c>-</c> is read as <c>_</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Setting keys a request may override; empty: none.</summary>
    public IReadOnlyList<string> AllowOverrides { get; init; } = [];

    /// <summary>Critic, verifier, judge and extractor for the strategy; null: defaults (the model critiques itself).</summary>
    public StrategyChatClientOptions? StrategyOptions { get; init; }

    /// <summary>Shown as <c>owned_by</c> in <c>/v1/models</c>.</summary>
    public string OwnedBy { get; init; } = "rethink";
}
