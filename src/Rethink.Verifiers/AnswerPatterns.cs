using System.Text.RegularExpressions;

namespace Rethink.Verifiers;

/// <summary>The answer markers the numeric and free-text extractors both look for, so they read a response alike.</summary>
internal static partial class AnswerPatterns
{
    /// <summary>GSM8K's final-answer line, <c>#### 42</c>; group <c>rest</c> is the rest of the line.</summary>
    [GeneratedRegex(@"####[ \t]*(?<rest>[^\r\n]*)", RegexOptions.CultureInvariant)]
    public static partial Regex Gsm8kMarker();

    /// <summary>An answer phrase (<c>the answer is</c>, <c>Answer:</c>, <c>answer would be</c>, ...); group <c>rest</c> is the rest of the line.</summary>
    [GeneratedRegex(
        @"\banswer\**[ \t]*(?:is|was|would[ \t]+be|will[ \t]+be|should[ \t]+be|:|=)[ \t]*\**[ \t]*:?(?<rest>[^\r\n]*)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex AnswerPhrase();
}
