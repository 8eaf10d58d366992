namespace Rethink.Core.Metrics;

/// <summary>The exact McNemar test on the discordant pairs of a paired comparison.</summary>
/// <param name="BeforeOnly">Pairs correct only before (b: right-to-wrong, or only strategy A right).</param>
/// <param name="AfterOnly">Pairs correct only after (c: wrong-to-right, or only strategy B right).</param>
/// <param name="PValue">Two-sided exact p-value, in (0, 1]; 1 when there are no discordant pairs.</param>
public sealed record McNemarResult(long BeforeOnly, long AfterOnly, double PValue)
{
    /// <summary>Number of discordant pairs, b + c.</summary>
    public long Discordant => BeforeOnly + AfterOnly;
}
