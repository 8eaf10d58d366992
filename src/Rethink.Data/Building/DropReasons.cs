namespace Rethink.Data;

/// <summary>
/// Every reason id an export drops something with: lower-case, dot-separated, prefixed by the step that dropped it.
/// Counters and tests key on these, so they never change.
/// </summary>
public static class DropReasons
{
    /// <summary>The trajectory ended in an error (stop reason <c>error</c>); nothing in it is evidence of the model's ability.</summary>
    public const string SourceError = "source.error";

    /// <summary>The trajectory committed no attempt.</summary>
    public const string SourceNoAnswer = "source.no_answer";

    /// <summary>The trajectory has no generator call, so the prompt as sent to the model is unknown.</summary>
    public const string SourceNoGeneratorCall = "source.no_generator_call";

    /// <summary>sft: the scoring verifier did not accept the final answer.</summary>
    public const string SftFinalIncorrect = "sft.final_incorrect";

    /// <summary>sft: only first-try-correct trajectories were asked for and the first attempt was not correct.</summary>
    public const string SftFirstTryIncorrect = "sft.first_try_incorrect";

    /// <summary>sft: a corrected retry (first wrong, final right) while retries were excluded.</summary>
    public const string SftCorrectedRetryExcluded = "sft.corrected_retry_excluded";

    /// <summary>correction: the final answer is not correct.</summary>
    public const string CorrectionFinalIncorrect = "correction.final_incorrect";

    /// <summary>correction: one committed attempt only, so there is no correction conversation.</summary>
    public const string CorrectionSingleAttempt = "correction.single_attempt";

    /// <summary>correction: the final attempt was not produced by a model call (e.g. a selection step), so its prompt is unknown.</summary>
    public const string CorrectionNoCall = "correction.no_call";

    /// <summary>correction: the first attempt's verdict is unsure, so the record can be labelled neither way.</summary>
    public const string CorrectionFirstUnsure = "correction.first_unsure";

    /// <summary>preference (refinement): the trajectory is not wrong-first, right-final.</summary>
    public const string PreferenceNotCorrected = "preference.refinement.not_corrected";

    /// <summary>preference (verified): the trajectory's (run, strategy, problem) has no correct or no wrong final answer.</summary>
    public const string PreferenceNoContrast = "preference.verified.no_contrast";

    /// <summary>preference (verified): another sample of the same problem was paired (one pair per problem by default).</summary>
    public const string PreferenceNotSelected = "preference.verified.not_selected";

    /// <summary>preference (verified): the final verdict is unsure, so the sample is neither chosen nor rejected.</summary>
    public const string PreferenceUnsure = "preference.verified.unsure";

    /// <summary>preference (judged): the judge called a tie in both orders.</summary>
    public const string PreferenceTie = "preference.judged.tie";

    /// <summary>preference (judged): the two orders picked different responses.</summary>
    public const string PreferenceInconsistent = "preference.judged.inconsistent";

    /// <summary>preference (judged): the margin is below the minimum (or missing while a minimum is set).</summary>
    public const string PreferenceLowMargin = "preference.judged.low_margin";

    /// <summary>preference: chosen and rejected have the same text; the pair teaches nothing.</summary>
    public const string PreferenceSameText = "preference.same_text";

    /// <summary>critique: the trajectory has no critique turn.</summary>
    public const string CritiqueNoCritiqueTurn = "critique.no_critique_turn";

    /// <summary>critique: no committed attempt precedes the critique turn.</summary>
    public const string CritiqueNoAttempt = "critique.no_attempt";

    /// <summary>critique: the critique turn made no model call (a tool or verifier critique), so there is no critic input.</summary>
    public const string CritiqueNoCall = "critique.no_call";

    /// <summary>critique: the critiqued attempt's gold verdict is unsure.</summary>
    public const string CritiqueGoldUnsure = "critique.gold_unsure";

    /// <summary>critique: the critic's verdict disagrees with gold while only agreeing critiques were asked for.</summary>
    public const string CritiqueDisagrees = "critique.disagrees";

    /// <summary>judgement: no gold preference for the pair while gold was required.</summary>
    public const string JudgementNoGold = "judgement.no_gold";

    /// <summary>judgement: the order's verdict disagrees with gold while only agreeing verdicts were asked for.</summary>
    public const string JudgementDisagrees = "judgement.disagrees";

    /// <summary>filter: the same normalised prompt and completion as an earlier record.</summary>
    public const string Duplicate = "dedupe.duplicate";

    /// <summary>filter: a target message is shorter than the minimum.</summary>
    public const string TooShort = "length.too_short";

    /// <summary>filter: prompt plus longest target is longer than the maximum.</summary>
    public const string TooLong = "length.too_long";

    /// <summary>filter: a prompt message equals an evaluation prompt after normalisation.</summary>
    public const string LeakExact = "leak.exact";

    /// <summary>filter: a long prompt message shares a 13-word sequence with an evaluation prompt.</summary>
    public const string LeakNgram = "leak.ngram";

    /// <summary>Prefix of the balance filter's reasons: <c>balance.</c> + the label whose records were down-sampled.</summary>
    public const string BalancePrefix = "balance.";
}
