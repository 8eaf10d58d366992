namespace Rethink.Strategies;

/// <summary>
/// Binds one string setting to a property of an options record: describes it, parses and bound-checks a value (errors
/// name the setting and the bound), and formats the current value for <c>IStrategy.Settings</c>.
/// </summary>
internal sealed class SettingBinding<TOptions>
{
    private readonly Func<TOptions, string> _format;
    private readonly Func<TOptions, string, TOptions> _apply;

    public SettingBinding(StrategySettingDescriptor descriptor, Func<TOptions, string> format, Func<TOptions, string, TOptions> apply)
    {
        Descriptor = descriptor;
        _format = format;
        _apply = apply;
    }

    public StrategySettingDescriptor Descriptor { get; }

    public string Format(TOptions options) => _format(options);

    public TOptions Apply(TOptions options, string value) => _apply(options, value);
}
