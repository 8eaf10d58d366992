namespace Rethink.Data;

/// <summary>Lengths in characters of one part of a dataset's records; all zero for no records. Immutable.</summary>
/// <param name="Count">How many lengths.</param>
/// <param name="Min">The shortest.</param>
/// <param name="Max">The longest.</param>
/// <param name="Mean">The mean.</param>
/// <param name="Median">The median (mean of the middle two for an even count).</param>
public sealed record LengthSummary(int Count, int Min, int Max, double Mean, double Median)
{
    /// <summary>The summary of <paramref name="lengths"/>. Pure.</summary>
    public static LengthSummary Of(IEnumerable<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        var sorted = lengths.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LengthSummary(0, 0, 0, 0, 0);
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + (double)sorted[middle]) / 2;
        return new LengthSummary(sorted.Length, sorted[0], sorted[^1], sorted.Average(x => (double)x), median);
    }
}
