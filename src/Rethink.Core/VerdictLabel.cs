namespace Rethink.Core;

/// <summary>The outcome of a judgement.</summary>
public enum VerdictLabel
{
    /// <summary>The attempt is judged correct.</summary>
    Correct,

    /// <summary>The attempt is judged incorrect.</summary>
    Incorrect,

    /// <summary>No decision (unparseable critique, missing answer where allowed, judge abstained).</summary>
    Unsure,
}
