using Rethink.Engine.Gguf;
using Rethink.Engine.Inference;

namespace Rethink.Engine.Tests.Inference;

public class InferenceSessionTests
{
    private static readonly int[] Prompt = [5, 17, 3, 88, 42, 7, 61, 0, 33, 12, 95, 50];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FullForwardMatchesTheNaiveReference(bool tied)
    {
        var w = TestModels.Tiny(seed: 3, tied: tied);
        var expected = ReferenceLlama.Forward(w, Prompt);
        var session = new InferenceSession(InferenceWeights.FromLlamaWeights(w));
        var logits = session.ForwardLogits(Prompt);
        var vocab = w.Config.VocabSize;
        var scale = expected.Max(r => r.Max(Math.Abs));
        Assert.True(scale > 1, "logits should not be near-uniform");
        for (var t = 0; t < Prompt.Length; t++)
        {
            for (var v = 0; v < vocab; v++)
            {
                Assert.True(Math.Abs(expected[t][v] - logits[(t * vocab) + v]) <= 1e-4 * scale, $"t={t} v={v}: {logits[(t * vocab) + v]} vs {expected[t][v]}");
            }
        }
    }

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.Q8_0)]
    public void KvCacheDecodingGivesTheFullForwardLogits(GgmlType type)
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 4), type);
        var vocab = weights.Config.VocabSize;
        var full = new InferenceSession(weights).ForwardLogits(Prompt);
        var scale = full.Max(Math.Abs);
        var session = new InferenceSession(weights, maxChunk: 4);
        // F32: same math in another summation order; Q8_0: inputs of at most 8 rows are quantised, longer ones not.
        var tolerance = (type == GgmlType.F32 ? 2e-5f : 0.05f) * scale;
        var first = session.Prefill(Prompt[..5]);
        AssertClose(full.AsSpan(4 * vocab, vocab), first, tolerance);
        for (var t = 5; t < Prompt.Length; t++)
        {
            var step = session.DecodeBatch([Prompt[t]], [0]);
            AssertClose(full.AsSpan(t * vocab, vocab), step, tolerance);
        }

        Assert.Equal(Prompt.Length, session.Position());
    }

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.Q8_0)]
    public void BatchedDecodeEqualsSingleDecodeBitForBit(GgmlType type)
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 5), type);
        int[][] prompts = [[1, 2, 3], [9, 8, 7, 6, 5], [40], [11, 22, 33, 44, 55, 66, 77], [3, 3], [90, 1, 2], [4, 5, 6, 7], [12]];
        var batch = new InferenceSession(weights, maxSequences: prompts.Length);
        var single = new InferenceSession(weights);
        for (var i = 0; i < prompts.Length; i++)
        {
            batch.Prefill(prompts[i], i);
        }

        var next = new[] { 10, 20, 30, 40, 50, 60, 70, 80 };
        var seqs = Enumerable.Range(0, prompts.Length).ToArray();
        var batched = batch.DecodeBatch(next, seqs);
        var vocab = weights.Config.VocabSize;
        for (var i = 0; i < prompts.Length; i++)
        {
            single.Reset();
            single.Prefill(prompts[i]);
            var one = single.DecodeBatch([next[i]], [0]);
            Assert.Equal(one, batched.AsSpan(i * vocab, vocab).ToArray());
        }
    }

    [Fact]
    public void GenerateBatchMatchesGenerateAndIsSeedDeterministic()
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 6));
        IReadOnlyList<int>[] prompts = [new[] { 1, 2, 3 }, new[] { 50, 51 }, new[] { 7 }];
        var options = new SamplingOptions { Temperature = 0.9f, TopK = 20, TopP = 0.95f, Seed = 42, MaxTokens = 12, TopLogProbs = 3 };
        var batch = new InferenceSession(weights, maxSequences: 3).GenerateBatch(prompts, options);
        var again = new InferenceSession(weights, maxSequences: 3).GenerateBatch(prompts, options);
        Assert.Equal(batch.Select(r => r.Tokens.Select(t => t.Id).ToArray()), again.Select(r => r.Tokens.Select(t => t.Id).ToArray()));
        var greedy = SamplingOptions.Greedy with { MaxTokens = 10 };
        var greedyBatch = new InferenceSession(weights, maxSequences: 3).GenerateBatch(prompts, greedy);
        for (var i = 0; i < prompts.Length; i++)
        {
            var single = new InferenceSession(weights).Generate(prompts[i], greedy).Select(t => t.Id).ToArray();
            Assert.Equal(single, greedyBatch[i].Tokens.Select(t => t.Id).ToArray());
            Assert.Equal(FinishReason.MaxTokens, greedyBatch[i].Finish);
        }

        var otherSeed = new InferenceSession(weights, maxSequences: 3).GenerateBatch(prompts, options with { Seed = 43 });
        Assert.NotEqual(batch.SelectMany(r => r.Tokens.Select(t => t.Id)).ToArray(), otherSeed.SelectMany(r => r.Tokens.Select(t => t.Id)).ToArray());
    }

    [Fact]
    public void GreedyTokensAndLogProbsFollowTheLogits()
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 7));
        var vocab = weights.Config.VocabSize;
        var generated = new InferenceSession(weights).Generate(Prompt, SamplingOptions.Greedy with { MaxTokens = 4, TopLogProbs = 5 }).ToList();
        Assert.Equal(4, generated.Count);
        var sequence = Prompt.ToList();
        foreach (var token in generated)
        {
            var logits = new InferenceSession(weights).ForwardLogits(sequence).AsSpan((sequence.Count - 1) * vocab, vocab).ToArray();
            var max = logits.Max();
            var logZ = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
            Assert.Equal(Array.IndexOf(logits, max), token.Id);
            Assert.Equal(logits[token.Id] - logZ, token.LogProb, 3);
            Assert.Equal(5, token.TopAlternatives.Count);
            Assert.Equal(token.Id, token.TopAlternatives[0].Id);
            Assert.True(token.TopAlternatives.Zip(token.TopAlternatives.Skip(1)).All(p => p.First.LogProb >= p.Second.LogProb));
            sequence.Add(token.Id);
        }
    }

    [Fact]
    public void StopTokenEndsGenerationAndIsFlagged()
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 8));
        var first = new InferenceSession(weights).Generate(Prompt, SamplingOptions.Greedy with { MaxTokens = 1 }).Single().Id;
        var tokens = new InferenceSession(weights).Generate(Prompt, SamplingOptions.Greedy with { MaxTokens = 10, StopTokens = [first] }).ToList();
        var stop = Assert.Single(tokens);
        Assert.True(stop.IsStop);
    }

    [Fact]
    public async Task CancellationIsHonouredBetweenTokens()
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 9));
        using var cts = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new InferenceSession(weights).GenerateAsync(Prompt, SamplingOptions.Greedy with { MaxTokens = 20 }, cancellationToken: cts.Token))
            {
                if (++count == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(3, count);
    }

    [Fact]
    public void ContextOverflowIsRejected()
    {
        var session = new InferenceSession(InferenceWeights.FromLlamaWeights(TestModels.Tiny()), contextLength: 8);
        Assert.Throws<InvalidOperationException>(() => session.Prefill(Prompt));
        var tokens = session.Generate([1, 2, 3], SamplingOptions.Greedy with { MaxTokens = 100 }).ToList();
        Assert.Equal(6, tokens.Count); // positions 3..8 fill the context: prompt 3 + 5 decoded, the 6th sampled last
    }

    [Fact]
    public void SharedWeightsServeConcurrentSessions()
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 10), GgmlType.Q8_0);
        var expected = new InferenceSession(weights).Generate(Prompt, SamplingOptions.Greedy with { MaxTokens = 8 }).Select(t => t.Id).ToArray();
        Parallel.For(0, 6, _ =>
        {
            var got = new InferenceSession(weights).Generate(Prompt, SamplingOptions.Greedy with { MaxTokens = 8 }).Select(t => t.Id).ToArray();
            Assert.Equal(expected, got);
        });
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"i={i}: {actual[i]} vs {expected[i]} (tol {tolerance})");
        }
    }
}
