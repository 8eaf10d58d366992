using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Server.Errors;
using Rethink.Strategies;

namespace Rethink.Server.ChatCompletions;

/// <summary>
/// A served model made ready: its settings validated against the catalog once at start, the default pipeline built
/// once, and per-request overrides checked against the allow-list. Thread-safe: built pipelines are never mutated, and
/// a per-request pipeline is a fresh <see cref="StrategyChatClient"/> over the same provider (never disposed, since
/// disposing it would dispose the shared provider).
/// </summary>
internal sealed partial class ModelPipeline
{
    private readonly Dictionary<string, string> _settings;
    private readonly HashSet<string> _allowed;

    private ModelPipeline(ServedModel model, Dictionary<string, string> settings, HashSet<string> allowed, IChatClient pipeline)
    {
        Model = model;
        _settings = settings;
        _allowed = allowed;
        Default = pipeline;
    }

    public ServedModel Model { get; }

    public IChatClient Default { get; }

    /// <summary>Catalog keys are snake_case; config files and requests may use kebab-case.</summary>
    public static string NormalizeKey(string key) => key.Trim().Replace('-', '_').ToLowerInvariant();

    public static ModelPipeline Create(ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(model.Name) || model.Name.Length > 128 || !NamePattern().IsMatch(model.Name))
        {
            throw new ServerConfigurationException(
                $"model name '{model.Name}' is invalid: use 1-128 letters, digits or -_.:+@/ characters");
        }

        ArgumentNullException.ThrowIfNull(model.Client);
        var settings = model.Settings.ToDictionary(kv => NormalizeKey(kv.Key), kv => kv.Value, StringComparer.Ordinal);
        var allowed = model.AllowOverrides.Select(NormalizeKey).ToHashSet(StringComparer.Ordinal);
        if (model.Strategy is null)
        {
            if (settings.Count > 0 || allowed.Count > 0)
            {
                throw new ServerConfigurationException($"model '{model.Name}': settings and allowed overrides need a strategy");
            }

            return new ModelPipeline(model, settings, allowed, model.Client);
        }

        StrategyDescriptor descriptor;
        IStrategy strategy;
        try
        {
            descriptor = StrategyCatalog.Describe(model.Strategy);
            strategy = StrategyCatalog.Create(descriptor.Name, settings);
        }
        catch (ArgumentException e)
        {
            throw new ServerConfigurationException($"model '{model.Name}': {Trim(e.Message)}", e);
        }

        var known = descriptor.Settings.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (allowed.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ServerConfigurationException(
                $"model '{model.Name}': allowed override '{unknown}' is not a setting of {descriptor.Name}; valid: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        }

        if (StrategyCatalog.NeedsFeedbackVerifier(strategy) && model.StrategyOptions?.FeedbackVerifier is null)
        {
            throw new ServerConfigurationException(
                $"model '{model.Name}': strategy {descriptor.Name} needs a feedback verifier, and a chat request carries no reference to verify against");
        }

        return new ModelPipeline(model, settings, allowed, new StrategyChatClient(model.Client, strategy, model.StrategyOptions));
    }

    /// <summary>The pipeline for one request; overrides outside the allow-list or the catalog's bounds are a 400.</summary>
    public IChatClient For(IReadOnlyDictionary<string, string> overrides)
    {
        if (overrides.Count == 0)
        {
            return Default;
        }

        if (Model.Strategy is null)
        {
            throw ApiException.Invalid($"Model '{Model.Name}' runs no strategy, so it has no settings to override.", "rethink.settings");
        }

        var merged = new Dictionary<string, string>(_settings, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            if (!_allowed.Contains(key))
            {
                var allowed = _allowed.Count == 0 ? "none" : string.Join(", ", _allowed.Order(StringComparer.Ordinal));
                throw ApiException.Invalid(
                    $"Setting '{key}' of model '{Model.Name}' cannot be overridden per request; allowed: {allowed}.", "rethink.settings." + key);
            }

            merged[key] = value;
        }

        try
        {
            return new StrategyChatClient(Model.Client, StrategyCatalog.Create(Model.Strategy, merged), Model.StrategyOptions);
        }
        catch (ArgumentException e)
        {
            throw ApiException.Invalid($"Invalid strategy setting: {Trim(e.Message)}.", "rethink.settings");
        }
    }

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.');
    }

    [GeneratedRegex("^[A-Za-z0-9_.:+@/-]+$")]
    private static partial Regex NamePattern();
}
