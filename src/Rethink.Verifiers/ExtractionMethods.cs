namespace Rethink.Verifiers;

/// <summary>Stable ids of the rules extractors use to find an answer (reported in verdict explanations).</summary>
public static class ExtractionMethods
{
    /// <summary>The text after the last GSM8K-style <c>#### </c> marker.</summary>
    public const string Gsm8kMarker = "gsm8k_marker";

    /// <summary>The content of the last <c>\boxed{...}</c>.</summary>
    public const string Boxed = "boxed";

    /// <summary>A phrase such as "the answer is X", "Answer: X", "final answer = X".</summary>
    public const string AnswerPhrase = "answer_phrase";

    /// <summary>The last number in the response (the weakest numeric rule).</summary>
    public const string LastNumber = "last_number";

    /// <summary>A multiple-choice option's text matched exactly.</summary>
    public const string ChoiceText = "choice_text";

    /// <summary>A letter marked as an option: "(B)", "B)", "**B**", or a line holding only the letter.</summary>
    public const string LetterMarker = "letter_marker";

    /// <summary>The last non-empty line of the response.</summary>
    public const string LastLine = "last_line";

    /// <summary>No answer was found.</summary>
    public const string None = "none";

    /// <summary>Several distinct answers were asserted at the same rule, so none was taken.</summary>
    public const string Ambiguous = "ambiguous";
}
