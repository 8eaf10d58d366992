namespace Rethink.Engine.Gguf;

/// <summary>
/// A GGUF file is truncated, corrupt or uses something this reader does not support. Carries the byte offset where
/// reading failed and what was expected there, so a bad download is diagnosable.
/// </summary>
public sealed class GgufFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="offset">Byte offset in the file where the problem was found.</param>
    /// <param name="expected">What the reader expected at that offset.</param>
    /// <param name="detail">What it found instead.</param>
    public GgufFormatException(long offset, string expected, string detail)
        : base($"Invalid GGUF at byte {offset}: expected {expected}; {detail}.")
    {
        Offset = offset;
        Expected = expected;
    }

    /// <summary>Creates the exception with a message only (offset -1).</summary>
    public GgufFormatException()
        : this(-1, "a valid GGUF file", "unknown error")
    {
    }

    /// <summary>Creates the exception with a message only (offset -1).</summary>
    public GgufFormatException(string message)
        : base(message)
    {
        Offset = -1;
        Expected = string.Empty;
    }

    /// <summary>Creates the exception with a message and cause (offset -1).</summary>
    public GgufFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Offset = -1;
        Expected = string.Empty;
    }

    /// <summary>Byte offset in the file where reading failed (-1 when not tied to an offset).</summary>
    public long Offset { get; }

    /// <summary>What the reader expected at <see cref="Offset"/>.</summary>
    public string Expected { get; }
}
