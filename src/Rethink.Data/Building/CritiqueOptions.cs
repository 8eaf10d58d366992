namespace Rethink.Data;

/// <summary>Options of <see cref="CritiqueBuilder"/>. Immutable.</summary>
public sealed record CritiqueOptions
{
    /// <summary>Keep only critiques whose verdict matches the gold label (drops <c>critique.disagrees</c>); default false.</summary>
    public bool OnlyAgreeing { get; init; }
}
