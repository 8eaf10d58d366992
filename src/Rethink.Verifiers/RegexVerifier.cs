using System.Globalization;
using System.Text.RegularExpressions;
using Rethink.Core;

namespace Rethink.Verifiers;

/// <summary>
/// Checks that the attempt's final answer (found by <see cref="TextAnswerExtractor"/>, not normalised) fully matches
/// the gold answer read as a .NET regular expression: the pattern is anchored as <c>\A(?:pattern)\z</c>, matched
/// culture-invariantly and case-sensitively (use <c>(?i)</c> in the pattern for case-insensitive gold), under
/// <see cref="Timeout"/>. An invalid pattern or a timeout gives an Unsure verdict with its reason, never an
/// exception. Reason ids are listed in <see cref="RegexReasons"/>. Thread-safe (patterns go through the static
/// <see cref="Regex"/> cache).
/// </summary>
public sealed class RegexVerifier : IVerifier
{
    /// <summary>The default time limit for one match (one second).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Creates a verifier with the given match time limit (default <see cref="DefaultTimeout"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the time limit is not positive.</exception>
    public RegexVerifier(TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "The regex time limit must be positive.");
        }

        Timeout = limit;
    }

    /// <summary>Shared instance with the default time limit.</summary>
    public static RegexVerifier Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "regex";

    /// <summary>The time limit for matching one answer.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public Task<Verdict> VerifyAsync(Problem problem, Attempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(attempt);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Verify(problem.Reference.Answer, attempt));
    }

    /// <summary>The verdict on <paramref name="attempt"/> against the gold pattern <paramref name="pattern"/> (synchronous form).</summary>
    public Verdict Verify(string? pattern, Attempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (string.IsNullOrEmpty(pattern))
        {
            return Verdict.Unsure(RegexReasons.NoReference, "The problem has no gold pattern.");
        }

        var extraction = AttemptAnswer.Find(attempt, TextAnswerExtractor.Instance.Analyze);

        if (extraction.Answer is not { } answer)
        {
            return Verdict.Incorrect(RegexReasons.NoAnswer, $"No answer text found in the response; gold pattern is \"{pattern}\".");
        }

        bool matched;
        try
        {
            // Parse the pattern on its own first: wrapping an unbalanced pattern such as "a)|(b" would make it valid.
            _ = Regex.IsMatch(string.Empty, pattern, RegexOptions.CultureInvariant, Timeout);
            matched = Regex.IsMatch(answer, $@"\A(?:{pattern})\z", RegexOptions.CultureInvariant, Timeout);
        }
        catch (RegexParseException e)
        {
            return Verdict.Unsure(RegexReasons.InvalidPattern, $"Gold pattern \"{pattern}\" is not a valid .NET regular expression: {e.Error} at offset {e.Offset.ToString(CultureInfo.InvariantCulture)}.");
        }
        catch (ArgumentException e)
        {
            return Verdict.Unsure(RegexReasons.InvalidPattern, $"Gold pattern \"{pattern}\" is not a valid .NET regular expression: {e.Message}");
        }
        catch (RegexMatchTimeoutException)
        {
            return Verdict.Unsure(
                RegexReasons.Timeout,
                string.Create(CultureInfo.InvariantCulture, $"Matching answer \"{answer}\" against gold pattern \"{pattern}\" ran past {Timeout.TotalMilliseconds} ms."));
        }

        var comparison = $"Answer \"{answer}\" (found by {extraction.Method}) against gold pattern \"{pattern}\"";
        return matched
            ? Verdict.Correct(RegexReasons.Match, $"{comparison}: full match.")
            : Verdict.Incorrect(RegexReasons.NoMatch, $"{comparison}: no full match.");
    }
}
