namespace Rethink.Data;

/// <summary>The values of <see cref="TrainingRecord.Label"/>, by kind. Stored in exported files, so they never change.</summary>
public static class RecordLabels
{
    /// <summary>sft: the first committed attempt was already correct (R→R).</summary>
    public const string FirstTry = "first_try";

    /// <summary>sft: the first committed attempt was wrong and the final one right (W→R).</summary>
    public const string CorrectedRetry = "corrected_retry";

    /// <summary>correction: a correct first answer in context, the correct final answer as target (CLT, R→R).</summary>
    public const string ConfidenceLevel = "confidence_level";

    /// <summary>correction: a wrong first answer in context, the correct final answer as target (CST, W→R).</summary>
    public const string CritiqueScore = "critique_score";

    /// <summary>preference: chosen = the corrected final answer, rejected = the wrong first answer of one trajectory.</summary>
    public const string Refinement = "refinement";

    /// <summary>preference: chosen = a verified-correct final answer, rejected = a verified-wrong one, across samples.</summary>
    public const string Verified = "verified";

    /// <summary>preference: chosen and rejected ranked by a judge, swap-consistently.</summary>
    public const string Judged = "judged";

    /// <summary>critique, judgement: the critic's or judge's verdict matches the gold label.</summary>
    public const string Agrees = "agrees";

    /// <summary>critique, judgement: the verdict does not match the gold label (an unparsed verdict never matches).</summary>
    public const string Disagrees = "disagrees";

    /// <summary>judgement: no gold preference exists for the pair (no gold labels, or both responses equally right).</summary>
    public const string NoGold = "no_gold";
}
