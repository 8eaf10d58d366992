namespace Rethink.Core;

/// <summary>Who produced a critique.</summary>
public enum CritiqueSource
{
    /// <summary>The generating model critiquing itself.</summary>
    Self,

    /// <summary>A different model.</summary>
    OtherModel,

    /// <summary>Evidence from a tool (code execution, calculator, search).</summary>
    Tool,

    /// <summary>A verifier handed to the strategy as feedback (the oracle / strong-verifier setting).</summary>
    Verifier,

    /// <summary>A checklist of constraints.</summary>
    Checklist,
}
