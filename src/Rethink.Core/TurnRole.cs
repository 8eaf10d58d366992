namespace Rethink.Core;

/// <summary>What one step of a trajectory did.</summary>
public enum TurnRole
{
    /// <summary>Produced an answer from the problem.</summary>
    Generate,

    /// <summary>Produced feedback on an answer.</summary>
    Critique,

    /// <summary>Produced a revised answer from an earlier answer and feedback.</summary>
    Refine,

    /// <summary>Checked an answer with a verifier handed to the strategy.</summary>
    Verify,

    /// <summary>Chose among candidate answers (vote, selector).</summary>
    Select,

    /// <summary>Scored or compared answers with a judge.</summary>
    Judge,

    /// <summary>Ran a program (the model's solution, its checker, or tests) and recorded the result as evidence.</summary>
    Execute,
}
