using System.Diagnostics.CodeAnalysis;

namespace Rethink.Cli;

/// <summary>
/// The process exit codes of <c>rethink</c>. Scripts branch on them, so they never change meaning; the table in
/// the project README is the user-facing copy.
/// </summary>
[SuppressMessage("Performance", "CA1515", Justification = "Public so tests and scripts embedding the CLI can name the codes.")]
public static class ExitCodes
{
    /// <summary>The command finished and did everything it was asked.</summary>
    public const int Success = 0;

    /// <summary>Something unexpected failed (a bug or an environment problem); rerun with <c>--verbose</c> for details.</summary>
    public const int Unexpected = 1;

    /// <summary>Bad usage or bad input: an unknown option, format, strategy or model scheme, a malformed dataset line.</summary>
    public const int Usage = 2;

    /// <summary>The model endpoint could not be reached or refused the credentials.</summary>
    public const int Endpoint = 3;

    /// <summary>The run stopped before every problem was done (budget or cancellation); it can be resumed.</summary>
    public const int Incomplete = 4;
}
