namespace Rethink.Data;

/// <summary>
/// Keeps evaluation data out of training data. Each user message of a record's prompt is checked against every
/// evaluation prompt: equal after normalisation (<see cref="TextNormalizer"/>) is <c>leak.exact</c>, always; sharing a
/// sequence of <see cref="NgramSize"/> words is <c>leak.ngram</c>, checked only for messages of at least
/// <see cref="MinWordsForNgram"/> words, because lab prompts are short and templated and would all share n-grams of
/// their template. Immutable and thread-safe (the n-gram index is built once, in the constructor).
/// </summary>
public sealed class LeakFilter : IRecordFilter
{
    private readonly Dictionary<string, string> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ngrams = new(StringComparer.Ordinal);

    /// <summary>Creates the filter over <paramref name="sets"/>; the first set (in order) naming a prompt is reported.</summary>
    /// <param name="sets">The evaluation datasets.</param>
    /// <param name="ngramSize">Words per n-gram (default 13); at least 1.</param>
    /// <param name="minWordsForNgram">Words a message needs before the n-gram check applies (default 50); at least <paramref name="ngramSize"/>.</param>
    public LeakFilter(IEnumerable<EvaluationPromptSet> sets, int ngramSize = 13, int minWordsForNgram = 50)
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentOutOfRangeException.ThrowIfLessThan(ngramSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minWordsForNgram, ngramSize);
        NgramSize = ngramSize;
        MinWordsForNgram = minWordsForNgram;
        foreach (var set in sets)
        {
            foreach (var prompt in set.Prompts)
            {
                _exact.TryAdd(TextNormalizer.Normalize(prompt), set.Name);
                foreach (var gram in Ngrams(TextNormalizer.Words(prompt)))
                {
                    _ngrams.TryAdd(gram, set.Name);
                }
            }
        }
    }

    /// <summary>Words per n-gram.</summary>
    public int NgramSize { get; }

    /// <summary>Words a message needs before the n-gram check applies.</summary>
    public int MinWordsForNgram { get; }

    /// <inheritdoc />
    public string Name => "leak";

    /// <inheritdoc />
    public FilterResult Apply(IReadOnlyList<TrainingRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var kept = new List<TrainingRecord>();
        var dropped = new List<DroppedRecord>();
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var leak = Find(record);
            if (leak is null)
            {
                kept.Add(record);
            }
            else
            {
                dropped.Add(leak with { Record = record });
            }
        }

        return new FilterResult(kept, dropped);
    }

    private DroppedRecord? Find(TrainingRecord record)
    {
        var users = record.Prompt.Where(m => m.Role == Core.MessageRoles.User).Select(m => m.Text).ToList();
        foreach (var text in users)
        {
            if (_exact.TryGetValue(TextNormalizer.Normalize(text), out var set))
            {
                return new DroppedRecord(DropReasons.LeakExact, record.Id, $"a prompt message equals a prompt of evaluation set '{set}'");
            }
        }

        foreach (var text in users)
        {
            var words = TextNormalizer.Words(text);
            if (words.Count < MinWordsForNgram)
            {
                continue;
            }

            foreach (var gram in Ngrams(words))
            {
                if (_ngrams.TryGetValue(gram, out var set))
                {
                    return new DroppedRecord(DropReasons.LeakNgram, record.Id, $"a prompt message shares the {NgramSize}-word sequence \"{gram}\" with evaluation set '{set}'");
                }
            }
        }

        return null;
    }

    private IEnumerable<string> Ngrams(IReadOnlyList<string> words)
    {
        for (var i = 0; i + NgramSize <= words.Count; i++)
        {
            yield return string.Join(' ', words.Skip(i).Take(NgramSize));
        }
    }
}
