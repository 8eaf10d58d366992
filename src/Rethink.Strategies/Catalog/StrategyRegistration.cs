namespace Rethink.Strategies;

/// <summary>A catalog entry: the descriptor and a factory from string settings.</summary>
internal abstract class StrategyRegistration
{
    public abstract StrategyDescriptor Descriptor { get; }

    public abstract Rethink.Core.IStrategy Create(IReadOnlyDictionary<string, string> settings);
}
