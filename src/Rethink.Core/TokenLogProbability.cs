namespace Rethink.Core;

/// <summary>
/// One output token and its log-probability, the way OpenAI's chat <c>logprobs.content</c> reports it: providers that
/// can, put a list of these under <see cref="RethinkProperties.TokenProbabilities"/> in a response (or in each streamed
/// update, for the tokens of that update) when <see cref="RethinkProperties.LogProbs"/> was asked for.
/// </summary>
/// <param name="Token">The token's text. A token that is only part of a UTF-8 character decodes to U+FFFD here; its
/// <paramref name="Bytes"/> are exact.</param>
/// <param name="LogProb">Its natural-log probability under the model (at most 0).</param>
/// <param name="Bytes">Its UTF-8 bytes; the bytes of the reported tokens, in order, are the bytes of the text.</param>
public sealed record TokenLogProbability(string Token, double LogProb, IReadOnlyList<byte> Bytes)
{
    /// <summary>
    /// The most likely tokens at this position, most likely first (<see cref="RethinkProperties.TopLogProbs"/> of them;
    /// empty when none were asked for). Alternatives carry no alternatives of their own.
    /// </summary>
    public IReadOnlyList<TokenLogProbability> TopAlternatives { get; init; } = [];
}
