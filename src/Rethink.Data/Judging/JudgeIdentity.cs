namespace Rethink.Data;

/// <summary>Who judged a pair: the judge's name, its model and (optionally) its settings fingerprint. Immutable.</summary>
public sealed record JudgeIdentity
{
    /// <summary>The judge's stable name (e.g. <c>pairwise</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The judge's model, as <c>ModelDescription.Describe()</c> writes it.</summary>
    public required string Model { get; init; }

    /// <summary>Lower-case hex SHA-256 of the judge's settings (prompt included), when recorded.</summary>
    public string? SettingsFingerprint { get; init; }

    /// <summary>One-line identity, <c>name/model</c>: what records carry as their verifier.</summary>
    public string Describe() => $"{Name}/{Model}";
}
