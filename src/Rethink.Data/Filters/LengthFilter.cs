using System.Globalization;

namespace Rethink.Data;

/// <summary>
/// Length bounds in characters (UTF-16 code units). <c>length.too_short</c>: a target message (the completion, or
/// chosen or rejected) has fewer than <see cref="MinTargetChars"/> characters after trimming: an empty answer teaches
/// nothing. <c>length.too_long</c>: the prompt's characters plus the longest target's exceed
/// <see cref="MaxTotalChars"/>: the example would not fit a training context. Immutable and thread-safe.
/// </summary>
public sealed class LengthFilter : IRecordFilter
{
    /// <summary>Creates the filter; throws <see cref="ArgumentOutOfRangeException"/> for a negative minimum or a maximum below it.</summary>
    /// <param name="minTargetChars">Smallest target length kept (default 1).</param>
    /// <param name="maxTotalChars">Largest prompt-plus-target length kept; null for no limit.</param>
    public LengthFilter(int minTargetChars = 1, int? maxTotalChars = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minTargetChars);
        if (maxTotalChars is { } max && max < minTargetChars)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTotalChars), max, "The maximum must be at least the minimum.");
        }

        MinTargetChars = minTargetChars;
        MaxTotalChars = maxTotalChars;
    }

    /// <summary>Smallest target length kept.</summary>
    public int MinTargetChars { get; }

    /// <summary>Largest prompt-plus-target length kept; null for no limit.</summary>
    public int? MaxTotalChars { get; }

    /// <inheritdoc />
    public string Name => "length";

    /// <inheritdoc />
    public FilterResult Apply(IReadOnlyList<TrainingRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var kept = new List<TrainingRecord>();
        var dropped = new List<DroppedRecord>();
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var targets = new[] { record.Completion, record.Chosen, record.Rejected }.Where(t => t is not null).Select(t => t!.Sum(m => m.Text.Length)).ToList();
            var shortest = new[] { record.Completion, record.Chosen, record.Rejected }.Where(t => t is not null).Select(t => t!.Sum(m => m.Text.Trim().Length)).DefaultIfEmpty(0).Min();
            var total = record.Prompt.Sum(m => m.Text.Length) + targets.DefaultIfEmpty(0).Max();
            if (shortest < MinTargetChars)
            {
                dropped.Add(new DroppedRecord(DropReasons.TooShort, record.Id, string.Create(CultureInfo.InvariantCulture, $"a target has {shortest} characters; the minimum is {MinTargetChars}")) { Record = record });
            }
            else if (MaxTotalChars is { } max && total > max)
            {
                dropped.Add(new DroppedRecord(DropReasons.TooLong, record.Id, string.Create(CultureInfo.InvariantCulture, $"prompt plus target is {total} characters; the maximum is {max}")) { Record = record });
            }
            else
            {
                kept.Add(record);
            }
        }

        return new FilterResult(kept, dropped);
    }
}
