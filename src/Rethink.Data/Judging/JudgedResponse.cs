using Rethink.Core;

namespace Rethink.Data;

/// <summary>One response of a judged pair: its text, where it came from, and its gold verdict when one exists. Immutable.</summary>
public sealed record JudgedResponse
{
    /// <summary>The response text as the judge saw it.</summary>
    public required string Text { get; init; }

    /// <summary>Where the response came from.</summary>
    public required ResponseSource Source { get; init; }

    /// <summary>The scoring verifier's verdict on the response, when the problem has a reference; else null.</summary>
    public Verdict? Gold { get; init; }
}
