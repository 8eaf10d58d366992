namespace Rethink.Evaluation.Datasets;

/// <summary>Thrown by readers under <see cref="DatasetErrorPolicy.Stop"/> at the first rejected line.</summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>; the message is the error's text.</summary>
    public DatasetException(DatasetError error)
        : base(error?.ToString())
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>Creates an exception without an error record (for serialisers and tooling only).</summary>
    public DatasetException()
        : this(new DatasetError(string.Empty, 0, null, "Unknown dataset error."))
    {
    }

    /// <summary>Creates an exception without an error record (for serialisers and tooling only).</summary>
    public DatasetException(string message)
        : this(new DatasetError(string.Empty, 0, null, message))
    {
    }

    /// <summary>Creates an exception without an error record (for serialisers and tooling only).</summary>
    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new DatasetError(string.Empty, 0, null, message);
    }

    /// <summary>The rejected line: file, line number, field and reason.</summary>
    public DatasetError Error { get; }
}
