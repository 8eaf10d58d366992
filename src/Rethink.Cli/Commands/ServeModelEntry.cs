namespace Rethink.Cli.Commands;

/// <summary>One served pipeline from the configuration (or the default set): a provider spec, optionally wrapped in a strategy.</summary>
/// <param name="Name">The name clients send as <c>model</c>.</param>
/// <param name="Model">A <c>--model</c> spec (<c>lab:critique</c>, <c>openai:m@url</c>, <c>ollama:m</c>).</param>
/// <param name="Strategy">The catalog strategy, or null for a pass-through.</param>
/// <param name="Settings">Strategy settings (snake_case keys).</param>
/// <param name="AllowOverrides">Settings a request may change through <c>rethink.settings</c>.</param>
/// <param name="CriticModel">A different model for critiques, or null.</param>
internal sealed record ServeModelEntry(
    string Name,
    string Model,
    string? Strategy,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<string> AllowOverrides,
    string? CriticModel);
