using System.Text.Json.Serialization;

namespace Rethink.Core;

/// <summary>Token counts of one or more model calls.</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Generated tokens.</param>
public readonly record struct TokenUsage(long InputTokens, long OutputTokens)
{
    /// <summary>No tokens.</summary>
    public static TokenUsage Zero => default;

    /// <summary>Input plus output tokens.</summary>
    [JsonIgnore]
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Element-wise sum.</summary>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right) =>
        new(left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens);

    /// <summary>Element-wise sum (named alternative to the operator).</summary>
    public static TokenUsage Add(TokenUsage left, TokenUsage right) => left + right;
}
