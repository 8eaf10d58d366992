namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Thrown by an <see cref="IDatasetFormat"/> when one field of an item is missing or wrong; the reader adds the file
/// and line and turns it into a <see cref="DatasetError"/>.
/// </summary>
public sealed class DatasetFieldException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public DatasetFieldException(string? field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>Creates an exception not tied to a field.</summary>
    public DatasetFieldException()
        : base("The item is invalid.")
    {
    }

    /// <summary>Creates an exception not tied to a field.</summary>
    public DatasetFieldException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception not tied to a field.</summary>
    public DatasetFieldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The JSON field at fault, or null when the item as a whole is.</summary>
    public string? Field { get; }
}
