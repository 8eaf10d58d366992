using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Server.ChatCompletions;
using Rethink.Server.Tests.Infrastructure;
using Rethink.Testing;

namespace Rethink.Server.Tests.ChatCompletions;

/// <summary>The <c>logprobs</c> object of a completion, byte for byte: OpenAI's field order and shape.</summary>
public sealed class LogProbsWireTests
{
    // "Né" from a byte-level model: "é" is two tokens, each only part of a character, so their text is U+FFFD and
    // their bytes carry it.
    private static ChatResponse Reply() => new(new ChatMessage(ChatRole.Assistant, "Né"))
    {
        FinishReason = ChatFinishReason.Stop,
        Usage = new UsageDetails { InputTokenCount = 4, OutputTokenCount = 4, TotalTokenCount = 8 },
        AdditionalProperties = new()
        {
            [RethinkProperties.TokenProbabilities] = new List<TokenLogProbability>
            {
                new("N", -0.25, [78]) { TopAlternatives = [new("N", -0.25, [78]), new("n", -1.5, [110])] },
                new("\uFFFD", -0.5, [195]) { TopAlternatives = [new("\uFFFD", -0.5, [195]), new("o", -1.0, [111])] },
                new("\uFFFD", -0.125, [169]) { TopAlternatives = [new("\uFFFD", -0.125, [169]), new("<|end|>", -2.5, Encoding.UTF8.GetBytes("<|end|>"))] },
            },
        },
    };

    [Fact]
    public void A_completion_with_logprobs_matches_the_snapshot()
    {
        var body = Encoding.UTF8.GetString(ChatCompletionWriter.Completion("chatcmpl-ID", 0, "lab", [Reply()], false, false, wantLogProbs: true));
        Snapshot.Match("completion-logprobs.json", body);

        // The bytes of the tokens spell the text.
        using var doc = JsonDocument.Parse(body);
        var content = doc.RootElement.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content");
        var bytes = content.EnumerateArray().SelectMany(t => t.GetProperty("bytes").EnumerateArray().Select(b => b.GetByte())).ToArray();
        Assert.Equal("Né", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Logprobs_are_null_unless_asked_for_or_when_the_reply_has_none()
    {
        var notAsked = ChatCompletionWriter.Completion("chatcmpl-ID", 0, "lab", [Reply()], false, false, wantLogProbs: false);
        var none = ChatCompletionWriter.Completion("chatcmpl-ID", 0, "lab", [new ChatResponse(new ChatMessage(ChatRole.Assistant, "x"))], false, false, wantLogProbs: true);
        foreach (var body in new[] { notAsked, none })
        {
            using var doc = JsonDocument.Parse(body);
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("choices")[0].GetProperty("logprobs").ValueKind);
        }
    }

    [Fact]
    public void A_chunk_carries_the_tokens_of_its_text()
    {
        var tokens = (IReadOnlyList<TokenLogProbability>)Reply().AdditionalProperties![RethinkProperties.TokenProbabilities]!;
        using var doc = JsonDocument.Parse(ChatCompletionWriter.Chunk("chatcmpl-ID", 0, "lab", null, "Né", null, false, tokens));
        var logprobs = doc.RootElement.GetProperty("choices")[0].GetProperty("logprobs");
        Assert.Equal(3, logprobs.GetProperty("content").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, logprobs.GetProperty("refusal").ValueKind);
    }
}
