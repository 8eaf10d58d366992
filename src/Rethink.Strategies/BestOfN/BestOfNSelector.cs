namespace Rethink.Strategies;

/// <summary>How <see cref="BestOfNStrategy"/> picks one of its samples.</summary>
public enum BestOfNSelector
{
    /// <summary>The context's feedback verifier: the first sample that passes, else the highest verdict score (oracle-assisted).</summary>
    Verifier,

    /// <summary>The context's judge.</summary>
    Judge,

    /// <summary>The highest mean token log-probability (needs a provider that returns log-probabilities).</summary>
    Logprob,

    /// <summary>Majority vote over extracted answers (earliest first appearance wins ties).</summary>
    Majority,
}
