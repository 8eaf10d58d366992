using System.Collections.ObjectModel;
using Microsoft.Extensions.AI;
using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>
/// A catalog strategy over a provider, made ready to answer chat requests: <see cref="Default"/> runs the strategy with
/// <see cref="Settings"/>, and <see cref="WithOverrides"/> builds the pipeline for one request that changes some of the
/// settings named in <see cref="AllowOverrides"/>. This is what <c>rethink serve</c> hands the server for a strategy
/// model (<c>Default</c> as the pipeline, <c>WithOverrides</c> as its factory), and what a library user hands
/// Rethink.Server to serve the same pipeline.
/// <para>
/// Everything is checked once, by <see cref="Create"/> (or, without a provider, <see cref="Validate"/>): the strategy
/// name, every setting against the catalog's bounds, that each allowed override is a setting of the strategy, and that
/// the strategy can answer a chat request at all (verify-refine and best-of-n with the verifier selector need a feedback
/// verifier, since a chat request carries no reference to check against; critic, critic-no-tool, self-debug and progco
/// with sandbox execution need a code executor), unless <see cref="StrategyChatClientOptions"/> provides what is missing.
/// Errors are <see cref="ArgumentException"/>s whose <see cref="ArgumentException.ParamName"/> names the argument at
/// fault (<c>strategy</c>, <c>settings</c> or <c>allowOverrides</c>).
/// </para>
/// Setting keys are normalised with <see cref="SettingKeys.Normalize"/> (kebab-case is read as snake_case). Immutable
/// and thread-safe: every pipeline it returns is a <see cref="StrategyChatClient"/> over the same provider, and a
/// per-request pipeline is a fresh one with its own strategy instance. It never disposes the provider; do not dispose
/// the pipelines either, since disposing one disposes the provider it wraps (its owner does that).
/// </summary>
public sealed class StrategyPipeline
{
    private readonly IChatClient _provider;
    private readonly StrategyChatClientOptions? _options;
    private readonly HashSet<string> _allowed;

    private StrategyPipeline(IChatClient provider, Checked configuration, StrategyChatClientOptions? options)
    {
        _provider = provider;
        _options = options;
        _allowed = configuration.AllowOverrides.ToHashSet(StringComparer.Ordinal);
        Strategy = configuration.Descriptor.Name;
        Settings = new ReadOnlyDictionary<string, string>(configuration.Settings);
        AllowOverrides = configuration.AllowOverrides.AsReadOnly();
        Default = new StrategyChatClient(provider, configuration.Strategy, options);
    }

    /// <summary>The strategy's catalog name (canonical spelling, e.g. <c>self-refine</c>).</summary>
    public string Strategy { get; }

    /// <summary>The configured settings, keys normalised (snake_case), in ordinal key order.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The setting keys a request may override, normalised, distinct, in ordinal order; empty: none.</summary>
    public IReadOnlyList<string> AllowOverrides { get; }

    /// <summary>The pipeline for a request that overrides nothing: the strategy with <see cref="Settings"/> over the provider.</summary>
    public StrategyChatClient Default { get; }

    /// <summary>
    /// Creates the pipeline for <paramref name="strategy"/> over <paramref name="provider"/>, checking everything listed
    /// on the type. <paramref name="settings"/> and <paramref name="allowOverrides"/> may use kebab-case keys.
    /// <paramref name="options"/> (critic model, critic, feedback verifier, judge, code executor, extractor, budgets)
    /// is shared by every pipeline made, and cannot be changed by a request.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> or <paramref name="strategy"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// An unknown strategy or one that cannot answer a chat request with these options (<c>strategy</c>), an unknown
    /// setting or a bad value (<c>settings</c>), or an allowed override that is not a setting of the strategy
    /// (<c>allowOverrides</c>).
    /// </exception>
    public static StrategyPipeline Create(
        IChatClient provider,
        string strategy,
        IReadOnlyDictionary<string, string>? settings = null,
        IReadOnlyList<string>? allowOverrides = null,
        StrategyChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new StrategyPipeline(provider, Check(strategy, settings, allowOverrides, options), options);
    }

    /// <summary>
    /// The checks of <see cref="Create"/> without a provider, for configuration read before any model is loaded; returns
    /// the strategy's descriptor. Throws as <see cref="Create"/> does.
    /// </summary>
    public static StrategyDescriptor Validate(
        string strategy,
        IReadOnlyDictionary<string, string>? settings = null,
        IReadOnlyList<string>? allowOverrides = null,
        StrategyChatClientOptions? options = null)
    {
        return Check(strategy, settings, allowOverrides, options).Descriptor;
    }

    /// <summary>
    /// The pipeline for one request: <see cref="Settings"/> with <paramref name="overrides"/> applied. Empty overrides
    /// return <see cref="Default"/>; otherwise a new <see cref="StrategyChatClient"/> over the same provider and options.
    /// Keys may use kebab-case. Safe to call concurrently; nothing is mutated. The overrides are caller input: only the
    /// keys in <see cref="AllowOverrides"/> are accepted, so a caller cannot change a prompt unless the operator allowed
    /// that setting (prompt-injection risk).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A key that is not allowed, a value outside the catalog's bounds, or a value that leaves the strategy unable to
    /// answer (best-of-n switched to the verifier selector without a verifier); the message says which, for the caller.
    /// </exception>
    public StrategyChatClient WithOverrides(IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        if (overrides.Count == 0)
        {
            return Default;
        }

        var merged = new Dictionary<string, string>(Settings, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            var normalized = SettingKeys.Normalize(key);
            if (!_allowed.Contains(normalized))
            {
                var allowed = AllowOverrides.Count == 0 ? "none" : string.Join(", ", AllowOverrides);
                throw new ArgumentException($"Setting '{normalized}' of {Strategy} cannot be overridden per request; allowed: {allowed}.", nameof(overrides));
            }

            merged[normalized] = value;
        }

        IStrategy strategy;
        try
        {
            strategy = StrategyCatalog.Create(Strategy, merged);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(Sentence(e.Message), nameof(overrides), e);
        }

        if (Unservable(Strategy, strategy, _options) is { } reason)
        {
            throw new ArgumentException(reason, nameof(overrides));
        }

        return new StrategyChatClient(_provider, strategy, _options);
    }

    private static Checked Check(
        string strategy,
        IReadOnlyDictionary<string, string>? settings,
        IReadOnlyList<string>? allowOverrides,
        StrategyChatClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        StrategyDescriptor descriptor;
        try
        {
            descriptor = StrategyCatalog.Describe(strategy);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(Sentence(e.Message), nameof(strategy), e);
        }

        var normalized = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            normalized[SettingKeys.Normalize(key)] = value;
        }

        IStrategy created;
        try
        {
            created = StrategyCatalog.Create(descriptor.Name, normalized);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(Sentence(e.Message), nameof(settings), e);
        }

        var known = descriptor.Settings.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        var allowed = (allowOverrides ?? []).Select(SettingKeys.Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (allowed.FirstOrDefault(k => !known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            var valid = known.Count == 0 ? "none" : string.Join(", ", known);
            throw new ArgumentException($"'{unknown}' is not a setting of {descriptor.Name}; valid: {valid}.", nameof(allowOverrides));
        }

        if (Unservable(descriptor.Name, created, options) is { } reason)
        {
            throw new ArgumentException(reason, nameof(strategy));
        }

        return new Checked(descriptor, normalized, allowed, created);
    }

    /// <summary>Why <paramref name="strategy"/> cannot answer a chat request with <paramref name="options"/>, or null.</summary>
    private static string? Unservable(string name, IStrategy strategy, StrategyChatClientOptions? options)
    {
        if (StrategyCatalog.NeedsFeedbackVerifier(strategy) && options?.FeedbackVerifier is null)
        {
            return $"{name} needs a feedback verifier, and a chat request carries no reference to check against; it cannot be served.";
        }

        if (StrategyCatalog.NeedsCodeExecutor(strategy) && options?.CodeExecutor is null)
        {
            return $"{name} needs code execution, and no code executor was given; it cannot be served.";
        }

        return null;
    }

    /// <summary>A catalog message without the " (Parameter 'x')" that <see cref="ArgumentException"/> appends, as one sentence.</summary>
    private static string Sentence(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.') + ".";
    }

    /// <summary>A configuration that passed every check: the descriptor, normalised settings and keys, the strategy built from them.</summary>
    private sealed record Checked(StrategyDescriptor Descriptor, SortedDictionary<string, string> Settings, List<string> AllowOverrides, IStrategy Strategy);
}
