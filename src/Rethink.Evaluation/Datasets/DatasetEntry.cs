namespace Rethink.Evaluation.Datasets;

/// <summary>One non-blank line of a JSONL file as a reader saw it: the item it held, or why it was rejected.</summary>
/// <typeparam name="T">The item type (<see cref="Rethink.Core.Problem"/> or <see cref="ResponseRecord"/>).</typeparam>
/// <param name="Line">1-based line number.</param>
/// <param name="Item">The item, or null when the line was rejected.</param>
/// <param name="Error">Why the line was rejected, or null.</param>
public sealed record DatasetEntry<T>(int Line, T? Item, DatasetError? Error)
    where T : class;
