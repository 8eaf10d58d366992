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

        return _factory(options);
    }
}
