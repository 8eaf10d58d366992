namespace Rethink.Evaluation.Datasets;

/// <summary>Everything read from a JSONL file under <see cref="DatasetErrorPolicy.Skip"/>: the good items in file order and the rejected lines.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">Accepted items, in file order.</param>
/// <param name="Errors">Rejected lines, in file order.</param>
public sealed record DatasetLoadResult<T>(IReadOnlyList<T> Items, IReadOnlyList<DatasetError> Errors)
    where T : class;
