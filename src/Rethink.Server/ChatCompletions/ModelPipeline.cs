using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Server.Errors;

namespace Rethink.Server.ChatCompletions;

/// <summary>
/// A served model made ready: its name and allow-list checked once at start, and per-request overrides checked against
/// the allow-list before its factory builds the request's pipeline. Thread-safe: nothing here is mutated after start.
/// Neither the default pipeline nor a per-request one is ever disposed: they belong to whoever built them.
/// </summary>
internal sealed partial class ModelPipeline
{
    private readonly HashSet<string> _allowed;

    private ModelPipeline(ServedModel model, HashSet<string> allowed)
    {
        Model = model;
        _allowed = allowed;
    }

    public ServedModel Model { get; }

    public static ModelPipeline Create(ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(model.Name) || model.Name.Length > 128 || !NamePattern().IsMatch(model.Name))
        {
            throw new ServerConfigurationException(
                $"model name '{model.Name}' is invalid: use 1-128 letters, digits or -_.:+@/ characters");
        }

        ArgumentNullException.ThrowIfNull(model.Client);
        var allowed = model.AllowOverrides.Select(SettingKeys.Normalize).ToHashSet(StringComparer.Ordinal);
        if (allowed.Count > 0 && model.PipelineFactory is null)
        {
            throw new ServerConfigurationException($"model '{model.Name}': allowed overrides need a pipeline factory");
        }

        return new ModelPipeline(model, allowed);
    }

    /// <summary>The pipeline for one request; overrides outside the allow-list, or refused by the factory, are a 400.</summary>
    public IChatClient For(IReadOnlyDictionary<string, string> overrides)
    {
        if (overrides.Count == 0)
        {
            return Model.Client;
        }

        if (Model.PipelineFactory is null && !Model.RunsStrategy)
        {
            throw ApiException.Invalid($"Model '{Model.Name}' runs no strategy, so it has no settings to override.", "rethink.settings");
        }

        foreach (var key in overrides.Keys)
        {
            if (!_allowed.Contains(key))
            {
                var allowed = _allowed.Count == 0 ? "none" : string.Join(", ", _allowed.Order(StringComparer.Ordinal));
                throw ApiException.Invalid(
                    $"Setting '{key}' of model '{Model.Name}' cannot be overridden per request; allowed: {allowed}.", "rethink.settings." + key);
            }
        }

        // Not null: a non-empty allow-list requires a factory (checked at start), and a key passed the allow-list.
        var factory = Model.PipelineFactory!;
        IChatClient? pipeline;
        try
        {
            pipeline = factory(overrides);
        }
        catch (ArgumentException e)
        {
            var what = Model.RunsStrategy ? "Invalid strategy setting" : "Invalid setting";
            throw ApiException.Invalid($"{what}: {Trim(e.Message)}.", "rethink.settings");
        }

        return pipeline ?? throw new InvalidOperationException($"The pipeline factory of model '{Model.Name}' returned null.");
    }

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.');
    }

    [GeneratedRegex("^[A-Za-z0-9_.:+@/-]+$")]
    private static partial Regex NamePattern();
}
