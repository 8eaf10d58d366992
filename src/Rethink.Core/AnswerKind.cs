namespace Rethink.Core;

/// <summary>How a problem's gold answer is compared with an attempt's answer.</summary>
public enum AnswerKind
{
    /// <summary>No gold answer (open-ended tasks; only judges apply).</summary>
    None,

    /// <summary>A number: compared by numeric equivalence (commas, fractions, percentages, units).</summary>
    Numeric,

    /// <summary>A multiple-choice letter (A, B, C, ...).</summary>
    Choice,

    /// <summary>Text compared after normalisation (case, whitespace, punctuation, articles).</summary>
    Exact,

    /// <summary>The gold answer is a regular expression the extracted answer must match.</summary>
    Regex,

    /// <summary>A program checked by executing tests.</summary>
    Code,
}
