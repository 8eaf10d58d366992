using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rethink.Data;

/// <summary>
/// Down-samples records of two labels to a target share of the first among the two: when label
/// <see cref="Label"/> is over-represented it keeps floor(n_other * share / (1 - share)) of them, else
/// floor(n_label * (1 - share) / share) of the other label. Which records are kept is decided by ranking each by the
/// SHA-256 of <c>seed:id</c>, so the choice depends only on the records' ids and the seed, not on their order; kept
/// records stay in input order. Dropped ones get reason <c>balance.</c> + their label. Records of other labels pass.
/// With no records of one label the other is cut to none unless the share allows it (0 or 1). Immutable and thread-safe.
/// </summary>
public sealed class BalanceFilter : IRecordFilter
{
    /// <summary>Creates the filter; throws <see cref="ArgumentOutOfRangeException"/> for a share outside [0, 1].</summary>
    /// <param name="label">The label whose share is set.</param>
    /// <param name="otherLabel">The label it is balanced against.</param>
    /// <param name="share">Target share of <paramref name="label"/> among both, in [0, 1].</param>
    /// <param name="seed">Seed of the down-sampling.</param>
    public BalanceFilter(string label, string otherLabel, double share, long seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentException.ThrowIfNullOrEmpty(otherLabel);
        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The share must be in [0, 1].");
        }

        Label = label;
        OtherLabel = otherLabel;
        Share = share;
        Seed = seed;
    }

    /// <summary>The label whose share is set.</summary>
    public string Label { get; }

    /// <summary>The label it is balanced against.</summary>
    public string OtherLabel { get; }

    /// <summary>Target share of <see cref="Label"/>.</summary>
    public double Share { get; }

    /// <summary>Seed of the down-sampling.</summary>
    public long Seed { get; }

    /// <inheritdoc />
    public string Name => "balance";

    /// <inheritdoc />
    public FilterResult Apply(IReadOnlyList<TrainingRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var mine = records.Where(r => r.Label == Label).ToList();
        var other = records.Where(r => r.Label == OtherLabel).ToList();

        // A tiny epsilon keeps 3 * 0.4 / 0.6 (= 1.9999999999999998 in binary) from flooring to 1.
        const double Epsilon = 1e-9;
        var total = mine.Count + other.Count;
        HashSet<TrainingRecord> cut;
        string cutLabel;
        if (total > 0 && mine.Count > Share * total + Epsilon)
        {
            var keep = Share >= 1 ? mine.Count : (int)Math.Floor((other.Count * Share / (1 - Share)) + Epsilon);
            cut = Ranked(mine).Skip(keep).ToHashSet(ReferenceEqualityComparer.Instance as IEqualityComparer<TrainingRecord>);
            cutLabel = Label;
        }
        else if (total > 0 && other.Count > ((1 - Share) * total) + Epsilon)
        {
            var keep = Share <= 0 ? other.Count : (int)Math.Floor((mine.Count * (1 - Share) / Share) + Epsilon);
            cut = Ranked(other).Skip(keep).ToHashSet(ReferenceEqualityComparer.Instance as IEqualityComparer<TrainingRecord>);
            cutLabel = OtherLabel;
        }
        else
        {
            return new FilterResult(records.ToList(), []);
        }

        var kept = new List<TrainingRecord>();
        var dropped = new List<DroppedRecord>();
        foreach (var record in records)
        {
            if (cut.Contains(record))
            {
                dropped.Add(new DroppedRecord(DropReasons.BalancePrefix + cutLabel, record.Id,
                    string.Create(CultureInfo.InvariantCulture, $"down-sampled to a {Label} share of {Share} ({mine.Count} {Label}, {other.Count} {OtherLabel} before)")) { Record = record });
            }
            else
            {
                kept.Add(record);
            }
        }

        return new FilterResult(kept, dropped);
    }

    private IEnumerable<TrainingRecord> Ranked(IEnumerable<TrainingRecord> records) =>
        records
            .Select(r => (Record: r, Rank: Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Seed}:{r.Id}"))))))
            .OrderBy(x => x.Rank, StringComparer.Ordinal)
            .ThenBy(x => x.Record.Id, StringComparer.Ordinal)
            .Select(x => x.Record);
}
