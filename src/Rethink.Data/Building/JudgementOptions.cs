namespace Rethink.Data;

/// <summary>Options of <see cref="JudgementBuilder"/>. Immutable.</summary>
public sealed record JudgementOptions
{
    /// <summary>Keep only orders of pairs with a gold preference (drops <c>judgement.no_gold</c>); default false.</summary>
    public bool RequireGold { get; init; }

    /// <summary>Keep only orders whose verdict picks the gold-preferred response; implies <see cref="RequireGold"/>.</summary>
    public bool OnlyAgreeing { get; init; }
}
