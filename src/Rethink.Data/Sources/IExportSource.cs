namespace Rethink.Data;

/// <summary>Where an export's runs come from.</summary>
public interface IExportSource
{
    /// <summary>
    /// Loads the runs, in the order they were named. Throws <see cref="KeyNotFoundException"/> for an unknown run and
    /// <see cref="InvalidDataException"/> for a run whose stored data cannot be read, each naming the run and the store.
    /// </summary>
    Task<IReadOnlyList<SourceRun>> LoadAsync(CancellationToken cancellationToken = default);
}
