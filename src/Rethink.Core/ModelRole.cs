namespace Rethink.Core;

/// <summary>The part a model call plays; cost is reported split by it.</summary>
public enum ModelRole
{
    /// <summary>Produces or revises answers.</summary>
    Generator,

    /// <summary>Critiques answers.</summary>
    Critic,

    /// <summary>Compares or scores answers without a reference.</summary>
    Judge,

    /// <summary>A model used inside a verifier.</summary>
    Verifier,
}
