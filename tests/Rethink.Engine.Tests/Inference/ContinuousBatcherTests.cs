using Rethink.Engine.Gguf;
using Rethink.Engine.Inference;

namespace Rethink.Engine.Tests.Inference;

public class ContinuousBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // A long context makes a full-length generation take long (attention grows with it), so a test can tell a
    // generation that was dropped early from one that ran to its end.
    private static InferenceWeights LongContext(int seed)
    {
        var tiny = TestModels.Tiny(seed);
        var config = tiny.Config with { ContextLength = 8192 };
        var weights = new Rethink.Engine.Model.LlamaWeights(new Rethink.Engine.Model.ParameterLayout(config));
        tiny.Data.AsSpan().CopyTo(weights.Data);
        return InferenceWeights.FromLlamaWeights(weights);
    }

    // Eleven requests for four places: prompts, lengths and sampling differ, some stop on a token, so batches of every
    // size from 1 to 4 occur and requests join and leave mid-way.
    private static (int[] Prompt, SamplingOptions Options)[] Requests(int vocab) =>
        Enumerable.Range(0, 11).Select(i =>
        {
            var prompt = Enumerable.Range(0, 1 + (i * 7 % 13)).Select(t => ((t * 31) + (i * 17) + 1) % vocab).ToArray();
            var options = i % 3 == 0
                ? SamplingOptions.Greedy with { MaxTokens = 5 + (i * 5 % 23) }
                : new SamplingOptions { Temperature = 0.9f, TopK = i % 2 == 0 ? 0 : 20, TopP = 0.95f, Seed = (ulong)(100 + i), MaxTokens = 5 + (i * 5 % 23), TopLogProbs = i % 4 };
            return (prompt, i % 4 == 1 ? options with { StopTokens = [3, 7, 11, 19, 23, 29] } : options);
        }).ToArray();

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.Q8_0)]
    public async Task Every_generation_is_bit_for_bit_what_it_is_alone_whatever_runs_beside_it(GgmlType type)
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 11), type);
        var requests = Requests(weights.Config.VocabSize);
        using var batcher = new ContinuousBatcher(weights, maxBatch: 4);

        var batched = await Task.WhenAll(requests.Select(r => Collect(batcher.GenerateAsync(r.Prompt, r.Options)))).WaitAsync(Patience);

        for (var i = 0; i < requests.Length; i++)
        {
            var alone = new InferenceSession(weights).Generate(requests[i].Prompt, requests[i].Options).ToList();
            Assert.Equal(Describe(alone), Describe(batched[i]));
        }

        Assert.Equal(requests.Length, batcher.Prefills);
        Assert.Contains(batched, b => b[^1].IsStop);
    }

    [Fact]
    public async Task Concurrent_generations_share_decode_steps()
    {
        // Four long generations for four places: each takes far longer than submitting the others.
        using var batcher = new ContinuousBatcher(LongContext(16), maxBatch: 4);
        var options = SamplingOptions.Greedy with { MaxTokens = 1500 };

        var all = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Collect(batcher.GenerateAsync([1 + i, 2, 3], options)))).WaitAsync(Patience);

        Assert.All(all, a => Assert.Equal(1500, a.Count));
        Assert.Equal(4 * 1499, batcher.DecodedTokens);
        Assert.True(batcher.DecodeSteps < 2 * 1499, $"{batcher.DecodedTokens} tokens in {batcher.DecodeSteps} steps: the generations did not share steps");
    }

    [Fact]
    public async Task A_cancelled_generation_leaves_the_others_intact_and_stops_decoding()
    {
        var weights = LongContext(12);
        using var batcher = new ContinuousBatcher(weights, maxBatch: 2, contextLength: 8192);
        var longRun = SamplingOptions.Greedy with { MaxTokens = 8000 };
        var shortRun = SamplingOptions.Greedy with { MaxTokens = 40 };
        using var cancel = new CancellationTokenSource();

        var seen = 0;
        var victim = Task.Run(async () =>
        {
            await foreach (var _ in batcher.GenerateAsync([4, 8, 15, 16, 23, 42], longRun, cancel.Token))
            {
                if (++seen == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        var other = Collect(batcher.GenerateAsync([9, 9, 9], shortRun));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => victim.WaitAsync(Patience));
        Assert.Equal(3, seen);
        var expected = new InferenceSession(weights).Generate([9, 9, 9], shortRun).ToList();
        Assert.Equal(Describe(expected), Describe(await other.WaitAsync(Patience)));

        // Once the batcher has gone idle, the cancelled generation must have stopped far short of its 8,000 tokens.
        var idle = System.Diagnostics.Stopwatch.StartNew();
        while (batcher.LoopRunning && idle.Elapsed < Patience)
        {
            await Task.Delay(100);
        }

        Assert.True(batcher.DecodedTokens < 4000, $"{batcher.DecodedTokens} tokens decoded: the cancelled generation went on");
        var after = await Task.WhenAll(Collect(batcher.GenerateAsync([7], shortRun)), Collect(batcher.GenerateAsync([1, 2], shortRun))).WaitAsync(Patience);
        Assert.All(after, a => Assert.Equal(40, a.Count));
    }

    [Fact]
    public async Task A_reader_that_stops_early_frees_its_place()
    {
        using var batcher = new ContinuousBatcher(LongContext(13), maxBatch: 1, contextLength: 8192);

        var taken = 0;
        await foreach (var _ in batcher.GenerateAsync([5, 6, 7], SamplingOptions.Greedy with { MaxTokens = 8000 }))
        {
            if (++taken == 2)
            {
                break;
            }
        }

        // With one place, the next request waits until the abandoned generation is dropped or has run to its end.
        var next = await Collect(batcher.GenerateAsync([5, 6, 7], SamplingOptions.Greedy with { MaxTokens = 50 })).WaitAsync(Patience);
        Assert.Equal(50, next.Count);
        Assert.True(batcher.DecodedTokens < 4000, $"{batcher.DecodedTokens} tokens decoded: the abandoned generation went on");
    }

    [Fact]
    public async Task An_idle_batcher_ends_its_thread_and_starts_it_again_on_demand()
    {
        using var batcher = new ContinuousBatcher(InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 18)), maxBatch: 2);
        var options = SamplingOptions.Greedy with { MaxTokens = 5 };
        var first = await Collect(batcher.GenerateAsync([1, 2], options)).WaitAsync(Patience);

        // The loop waits 2 s for work before it ends.
        var idle = System.Diagnostics.Stopwatch.StartNew();
        while (batcher.LoopRunning && idle.Elapsed < Patience)
        {
            await Task.Delay(100);
        }

        Assert.False(batcher.LoopRunning);
        Assert.True(idle.Elapsed > TimeSpan.FromSeconds(1), $"the loop ended after {idle.Elapsed} idle");
        var again = await Collect(batcher.GenerateAsync([1, 2], options)).WaitAsync(Patience);

        Assert.Equal(Describe(first), Describe(again));
    }

    [Fact]
    public async Task Bad_requests_are_clear_errors()
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 14));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContinuousBatcher(weights, maxBatch: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContinuousBatcher(weights, maxBatch: ContinuousBatcher.MaxBatchLimit + 1));
        using var batcher = new ContinuousBatcher(weights, maxBatch: 2, contextLength: 16);

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => Collect(batcher.GenerateAsync([])));
        Assert.Contains("at least one token", empty.Message);
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => Collect(batcher.GenerateAsync(new int[17])));
        Assert.Contains("17 tokens; the context holds 16", tooLong.Message);

        // A prompt that fills the context still gets its one token, then the context is full.
        var full = await Collect(batcher.GenerateAsync(new int[16], SamplingOptions.Greedy with { MaxTokens = 5 }));
        Assert.Single(full);
        Assert.Empty(await Collect(batcher.GenerateAsync([1], SamplingOptions.Greedy with { MaxTokens = 0 })));
    }

    [Fact]
    public async Task Disposing_ends_every_request_and_refuses_new_ones()
    {
        var weights = InferenceWeights.FromLlamaWeights(TestModels.Tiny(seed: 15));
        var batcher = new ContinuousBatcher(weights, maxBatch: 1);
        var options = SamplingOptions.Greedy with { MaxTokens = 60 };
        var requests = Enumerable.Range(0, 6).Select(i => Collect(batcher.GenerateAsync([1 + i, 2, 3], options))).ToList();

        batcher.Dispose();

        // Whether a request had finished before the dispose is a race; what is not is that each one ends, whole or with
        // ObjectDisposedException, and none waits forever.
        foreach (var request in requests)
        {
            try
            {
                Assert.Equal(60, (await request.WaitAsync(Patience)).Count);
            }
            catch (ObjectDisposedException)
            {
            }
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Collect(batcher.GenerateAsync([1])));
    }

    private static async Task<List<GeneratedToken>> Collect(IAsyncEnumerable<GeneratedToken> tokens)
    {
        var list = new List<GeneratedToken>();
        await foreach (var t in tokens)
        {
            list.Add(t);
        }

        return list;
    }

    // Ids, exact log-probabilities (as bits), alternatives and stop flags: equality means bit for bit.
    private static List<string> Describe(IEnumerable<GeneratedToken> tokens) =>
        tokens.Select(t => $"{t.Id}:{BitConverter.SingleToInt32Bits(t.LogProb)}:{t.IsStop}:" +
                           string.Join(',', t.TopAlternatives.Select(a => $"{a.Id}/{BitConverter.SingleToInt32Bits(a.LogProb)}"))).ToList();
}
