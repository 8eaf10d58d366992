namespace Rethink.Strategies;

/// <summary>What the Self-Refine refine prompt shows of earlier rounds.</summary>
public enum SelfRefineHistory
{
    /// <summary>Every earlier answer with its feedback, oldest first (the published method).</summary>
    Full,

    /// <summary>Only the latest answer and its feedback (an ablation).</summary>
    LastOnly,
}
