namespace Rethink.Core;

/// <summary>
/// Pulls the final answer out of a response and puts answers in a canonical form, so that answers can be voted on
/// and compared ("1,000" and "1000" are the same vote). Implementations must be pure and thread-safe.
/// </summary>
public interface IAnswerExtractor
{
    /// <summary>The final answer in <paramref name="response"/>, or null when there is none.</summary>
    string? Extract(string response);

    /// <summary>A canonical form of an extracted answer; equal canonical forms mean equivalent answers.</summary>
    string Normalize(string answer);
}
