namespace Rethink.Verifiers;

/// <summary>Reason ids emitted by <see cref="RegexVerifier"/>.</summary>
public static class RegexReasons
{
    /// <summary>Correct: the extracted answer fully matches the gold pattern.</summary>
    public const string Match = "regex.match";

    /// <summary>Incorrect: the extracted answer does not fully match the pattern.</summary>
    public const string NoMatch = "regex.no_match";

    /// <summary>Incorrect: no answer text was found in the response.</summary>
    public const string NoAnswer = "regex.no_answer";

    /// <summary>Unsure: the gold pattern is not a valid .NET regular expression.</summary>
    public const string InvalidPattern = "regex.invalid_pattern";

    /// <summary>Unsure: matching ran past the time limit (a pattern prone to catastrophic backtracking).</summary>
    public const string Timeout = "regex.timeout";

    /// <summary>Unsure: the problem has no gold pattern.</summary>
    public const string NoReference = "regex.no_reference";
}
