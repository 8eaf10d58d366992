using Rethink.Core;

namespace Rethink.Strategies;

/// <summary>A catalog entry for a strategy configured by an options record of type <typeparamref name="TOptions"/>.</summary>
internal sealed class StrategyRegistration<TOptions> : StrategyRegistration
    where TOptions : new()
{
    private readonly IReadOnlyList<SettingBinding<TOptions>> _bindings;
    private readonly Func<TOptions, IStrategy> _factory;

    public StrategyRegistration(string name, string description, IReadOnlyList<SettingBinding<TOptions>> bindings, Func<TOptions, IStrategy> factory)
    {
        _bindings = bindings;
        _factory = factory;
        Descriptor = new StrategyDescriptor(name, description, bindings.Select(b => b.Descriptor).ToList());
    }

    public override StrategyDescriptor Descriptor { get; }

    public override IStrategy Create(IReadOnlyDictionary<string, string> settings)
    {
        var options = new TOptions();
        foreach (var (key, value) in settings)
        {
            var binding = _bindings.FirstOrDefault(b => string.Equals(b.Descriptor.Name, key.Trim(), StringComparison.OrdinalIgnoreCase));
            if (binding is null)
            {
                var valid = _bindings.Count == 0 ? "it accepts no settings" : "valid settings: " + string.Join(", ", _bindings.Select(b => b.Descriptor.Name));
                throw new ArgumentException($"Unknown setting '{key}' for strategy '{Descriptor.Name}'; {valid}.", nameof(settings));
            }

            options = binding.Apply(options, value ?? string.Empty);
        }

        try
        {
            return _factory(options);
        }
        catch (ArgumentException e) when (e.ParamName is { Length: > 0 } option)
        {
            // Options name their properties (MinSamples); the catalog's users know the setting (min_samples).
            var setting = ToSettingName(option);
            throw new ArgumentException($"Setting '{setting}' of strategy '{Descriptor.Name}': {FirstLine(e.Message)}", setting, e);
        }
    }

    private static string ToSettingName(string option)
    {
        var sb = new System.Text.StringBuilder(option.Length + 4);
        for (var i = 0; i < option.Length; i++)
        {
            if (char.IsUpper(option[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(option[i]));
        }

        return sb.ToString();
    }

    private static string FirstLine(string message)
    {
        var at = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        var text = at < 0 ? message : message[..at];
        var nl = text.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? text : text[..nl];
    }
}
