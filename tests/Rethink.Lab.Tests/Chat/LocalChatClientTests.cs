using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Engine.Gguf;
using Rethink.Engine.Inference;
using Rethink.Engine.Model;
using Rethink.Engine.Tokenization;
using Rethink.Lab.Chat;

namespace Rethink.Lab.Tests.Chat;

/// <summary>
/// Conformance of the engine-backed chat client, on a tiny random-weight model (its text is noise; the contract is not).
/// </summary>
public sealed class LocalChatClientTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rethink-lab-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LocalChatClient TinyClient(int maxConcurrency = 1, int context = 128)
    {
        var tokenizer = new ByteTokenizer();
        var config = new ModelConfig(VocabSize: tokenizer.VocabSize, Dim: 32, Layers: 2, Heads: 4, KvHeads: 2, HiddenDim: 64, ContextLength: context);
        var weights = new LlamaWeights(new ParameterLayout(config));
        weights.InitializeRandom(seed: 3);

        // Random init is nearly uniform; sharpen it so sampling is not trivially greedy-equal.
        foreach (ref var w in weights.Data.AsSpan())
        {
            w *= 40f;
        }

        return new LocalChatClient(InferenceWeights.FromLlamaWeights(weights), new LabChatTemplate(tokenizer), new LocalChatClientOptions { MaxConcurrency = maxConcurrency, DefaultMaxOutputTokens = 24 });
    }

    private static List<ChatMessage> Ask(string q) => [new(ChatRole.User, q)];

    [Fact]
    public async Task Streaming_concatenation_equals_non_streaming_at_temperature_zero()
    {
        using var client = TinyClient();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 24 };
        var whole = await client.GetResponseAsync(Ask("Compute 2+3."), options);
        var parts = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync(Ask("Compute 2+3."), options))
        {
            parts.Add(u);
        }

        Assert.Equal(whole.Text, string.Concat(parts.Select(p => p.Text)));
        Assert.Single(parts, p => p.FinishReason is not null);
        var usage = parts.SelectMany(p => p.Contents).OfType<UsageContent>().Single().Details;
        Assert.Equal(whole.Usage!.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
    }

    [Fact]
    public async Task Usage_counts_prompt_and_generated_tokens()
    {
        using var client = TinyClient();
        var response = await client.GetResponseAsync(Ask("Hi"), new ChatOptions { MaxOutputTokens = 10 });

        // <s> <|user|> 'H' 'i' <|end|> <|assistant|>
        Assert.Equal(6, response.Usage!.InputTokenCount);
        Assert.InRange(response.Usage.OutputTokenCount!.Value, 1, 10);
        Assert.Equal("lab", response.ModelId);
        var logProbs = Assert.IsAssignableFrom<IReadOnlyList<double>>(response.AdditionalProperties![RethinkProperties.TokenLogProbs]);
        Assert.Equal(response.Usage.OutputTokenCount, logProbs.Count);
        Assert.All(logProbs, lp => Assert.True(lp <= 0));
        var reply = response.FinishReason == ChatFinishReason.Stop ? logProbs.Take(logProbs.Count - 1).ToList() : logProbs;
        Assert.Equal(reply.Count == 0 ? 0.0 : reply.Average(), (double)response.AdditionalProperties[RethinkProperties.MeanLogProb]!, 9);
    }

    [Fact]
    public async Task Max_output_tokens_gives_length_finish()
    {
        using var client = TinyClient();
        var response = await client.GetResponseAsync(Ask("Hi"), new ChatOptions { MaxOutputTokens = 3 });
        Assert.True(response.Usage!.OutputTokenCount <= 3);
        if (response.Usage.OutputTokenCount == 3 && response.FinishReason != ChatFinishReason.Stop)
        {
            Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        }
    }

    [Fact]
    public async Task Seeded_sampling_is_reproducible_and_seeds_differ()
    {
        using var client = TinyClient();
        async Task<string> Draw(long seed) => (await client.GetResponseAsync(Ask("Add 12 and 30."), new ChatOptions { Temperature = 1f, Seed = seed, MaxOutputTokens = 24 })).Text;
        Assert.Equal(await Draw(7), await Draw(7));
        var distinct = new HashSet<string>();
        for (var s = 0; s < 6; s++)
        {
            distinct.Add(await Draw(s));
        }

        Assert.True(distinct.Count > 1, "different seeds should give different samples at temperature 1");
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var client = TinyClient();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Ask("Hi"), null, cts.Token));

        // The client still works afterwards.
        var after = await client.GetResponseAsync(Ask("Hi"), new ChatOptions { MaxOutputTokens = 4 });
        Assert.NotNull(after.Usage);
    }

    [Fact]
    public async Task Concurrent_requests_give_the_same_answers_as_sequential_ones()
    {
        using var client = TinyClient(maxConcurrency: 2);
        var questions = Enumerable.Range(0, 6).Select(i => $"Compute {i}+{i * 3}.").ToList();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 16 };
        var sequential = new List<string>();
        foreach (var q in questions)
        {
            sequential.Add((await client.GetResponseAsync(Ask(q), options)).Text);
        }

        var parallel = await Task.WhenAll(questions.Select(q => client.GetResponseAsync(Ask(q), options)));
        Assert.Equal(sequential, parallel.Select(r => r.Text));
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_a_clear_error()
    {
        using var client = TinyClient(context: 32);
        var e = await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.GetResponseAsync(Ask(new string('x', 64))));
        Assert.Contains("context of 32", e.Message, StringComparison.Ordinal);
        Assert.Equal(32, e.ContextLength);
        Assert.True(e.PromptTokens > 64, $"prompt tokens {e.PromptTokens}");
    }

    [Fact]
    public async Task A_saved_model_loads_and_answers_like_the_original()
    {
        var tokenizer = new ByteTokenizer();
        var config = new ModelConfig(tokenizer.VocabSize, 32, 2, 4, 2, 64, 128);
        var weights = new LlamaWeights(new ParameterLayout(config));
        weights.InitializeRandom(seed: 9);
        var path = Path.Combine(_dir, "tiny.gguf");
        LlamaGguf.Write(path, weights, tokenizer);

        using var original = new LocalChatClient(InferenceWeights.FromLlamaWeights(weights), new LabChatTemplate(tokenizer));
        using var loaded = LabModel.Load(path);
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 12 };
        Assert.Equal((await original.GetResponseAsync(Ask("Add 1 and 2."), options)).Text, (await loaded.GetResponseAsync(Ask("Add 1 and 2."), options)).Text);
        Assert.Throws<FileNotFoundException>(() => LabModel.Load(Path.Combine(_dir, "missing.gguf")));
    }
}
