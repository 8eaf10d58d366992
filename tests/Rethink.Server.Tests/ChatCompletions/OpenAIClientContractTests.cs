using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;
using Rethink.Lab.Chat;
using Rethink.Server.Tests.Infrastructure;
using Rethink.Testing;

namespace Rethink.Server.Tests.ChatCompletions;

/// <summary>
/// The official OpenAI .NET client against the running server: one served scripted model (deterministic text and usage)
/// and the real shipped lab model (greedy, so streamed and non-streamed answers must be the same text).
/// </summary>
public sealed class OpenAIClientContractTests : IAsyncLifetime
{
    private readonly ScriptedChatClient _scripted = new(_ => ScriptedReply.Of("The answer is 4.").WithUsage(7, 5)) { StreamChunkSize = 5 };
    private LocalChatClient _lab = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _lab = LabModel.Load(Path.Combine(RepoPaths.Models, "lab-critique.gguf"), new LocalChatClientOptions { ModelId = "lab:critique" });
        _server = await TestServer.StartAsync(
        [
            new ServedModel { Name = "scripted", Client = _scripted },
            new ServedModel { Name = "lab", Client = _lab },
        ]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _lab.Dispose();
    }

    private ChatClient Client(string model) =>
        new(model, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = _server.BaseUrl, RetryPolicy = new ClientRetryPolicy(0) });

    [Fact]
    public async Task Non_streaming_answer_has_text_finish_reason_and_usage()
    {
        ChatCompletion completion = await Client("scripted").CompleteChatAsync([new UserChatMessage("What is 2+2?")]);

        Assert.Equal("The answer is 4.", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal("scripted", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal(7, completion.Usage.InputTokenCount);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        Assert.Equal(12, completion.Usage.TotalTokenCount);
        Assert.Equal("What is 2+2?", _scripted.Requests[^1].LastUserText);
    }

    [Fact]
    public async Task Options_reach_the_provider()
    {
        var options = new ChatCompletionOptions { Temperature = 0.5f, TopP = 0.9f, MaxOutputTokenCount = 33 };
        options.StopSequences.Add("END");
        await Client("scripted").CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Hi")], options);

        var request = _scripted.Requests[^1];
        Assert.Equal(0.5f, request.Options!.Temperature);
        Assert.Equal(0.9f, request.Options.TopP);
        Assert.Equal(33, request.Options.MaxOutputTokens);
        Assert.Equal(["END"], request.Options.StopSequences!);
        Assert.Null(request.Options.ModelId);
        Assert.Equal(2, request.Messages.Count);
        Assert.Equal(Microsoft.Extensions.AI.ChatRole.System, request.Messages[0].Role);
    }

    [Fact]
    public async Task Streaming_deltas_concatenate_to_the_answer_with_one_finish_reason_and_usage()
    {
        var text = new StringBuilder();
        var finishes = new List<ChatFinishReason>();
        ChatTokenUsage? usage = null;
        await foreach (var update in Client("scripted").CompleteChatStreamingAsync([new UserChatMessage("What is 2+2?")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            if (update.FinishReason is { } f)
            {
                finishes.Add(f);
            }

            usage ??= update.Usage;
        }

        Assert.Equal("The answer is 4.", text.ToString());
        Assert.Equal([ChatFinishReason.Stop], finishes);
        Assert.NotNull(usage);
        Assert.Equal(12, usage.TotalTokenCount);
    }

    [Fact]
    public async Task Lab_model_streamed_answer_equals_the_non_streamed_answer_at_temperature_0()
    {
        var options = new ChatCompletionOptions { Temperature = 0f, MaxOutputTokenCount = 40 };
        ChatMessage[] messages = [new UserChatMessage("Compute 17+25.")];
        ChatCompletion whole = await Client("lab").CompleteChatAsync(messages, options);

        var streamed = new StringBuilder();
        var finishes = 0;
        ChatTokenUsage? usage = null;
        var chunks = 0;
        await foreach (var update in Client("lab").CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
                chunks++;
            }

            finishes += update.FinishReason is null ? 0 : 1;
            usage ??= update.Usage;
        }

        Assert.False(string.IsNullOrEmpty(whole.Content[0].Text));
        Assert.Equal(whole.Content[0].Text, streamed.ToString());
        Assert.Equal(1, finishes);
        Assert.True(chunks > 1, "the lab model streams token by token");
        Assert.Equal(whole.Usage.InputTokenCount, usage!.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
        Assert.True(whole.Usage.OutputTokenCount is > 0 and <= 40);
    }

    // The official client reads the tokens back: their bytes make the answer, each log-probability is at most 0 and at
    // least that of every listed alternative (greedy picks the most likely), streamed tokens equal the non-streamed
    // ones, and a request without logprobs gets none.
    [Fact]
    public async Task Lab_model_reports_token_logprobs_that_spell_the_answer_streamed_or_not()
    {
        var options = new ChatCompletionOptions { Temperature = 0f, MaxOutputTokenCount = 40, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };
        ChatMessage[] messages = [new UserChatMessage("Compute 17+25.")];
        ChatCompletion whole = await Client("lab").CompleteChatAsync(messages, options);

        var tokens = whole.ContentTokenLogProbabilities;
        Assert.NotEmpty(tokens);
        Assert.Equal(whole.Content[0].Text, Encoding.UTF8.GetString(tokens.SelectMany(t => t.Utf8Bytes!.Value.ToArray()).ToArray()));
        Assert.Equal(whole.Usage.OutputTokenCount - 1, tokens.Count); // the end-of-turn token is counted, not reported
        foreach (var t in tokens)
        {
            Assert.True(t.LogProbability <= 0);
            Assert.Equal(3, t.TopLogProbabilities.Count);
            Assert.Equal(t.TopLogProbabilities[0].LogProbability, t.LogProbability, 5);
            Assert.Equal(t.Token, t.TopLogProbabilities[0].Token);
            Assert.True(t.TopLogProbabilities[0].LogProbability >= t.TopLogProbabilities[1].LogProbability);
        }

        var streamed = new List<ChatTokenLogProbabilityDetails>();
        await foreach (var update in Client("lab").CompleteChatStreamingAsync(messages, options))
        {
            streamed.AddRange(update.ContentTokenLogProbabilities);
        }

        Assert.Equal(tokens.Select(t => (t.Token, t.LogProbability)), streamed.Select(t => (t.Token, t.LogProbability)));

        ChatCompletion plain = await Client("lab").CompleteChatAsync(messages, new ChatCompletionOptions { Temperature = 0f, MaxOutputTokenCount = 40 });
        Assert.Empty(plain.ContentTokenLogProbabilities);
        Assert.Equal(whole.Content[0].Text, plain.Content[0].Text);
    }

    [Fact]
    public async Task Models_are_listed()
    {
        var models = new OpenAIModelClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = _server.BaseUrl });
        OpenAIModelCollection list = await models.GetModelsAsync();

        Assert.Equal(["scripted", "lab"], list.Select(m => m.Id));
        Assert.All(list, m => Assert.Equal("rethink", m.OwnedBy));
        OpenAIModel one = await models.GetModelAsync("lab");
        Assert.Equal("lab", one.Id);
    }

    [Fact]
    public async Task Unknown_model_is_404_and_the_server_still_answers()
    {
        var e = await Assert.ThrowsAsync<ClientResultException>(() => Client("nope").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, e.Status);
        Assert.Contains("model_not_found", e.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);

        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Over_limit_max_tokens_is_400_naming_the_parameter_and_the_server_still_answers()
    {
        var e = await Assert.ThrowsAsync<ClientResultException>(
            () => Client("scripted").CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 100_000 }));
        Assert.Equal(400, e.Status);
        var body = e.GetRawResponse()!.Content.ToString();
        Assert.Contains("\"param\":\"max_completion_tokens\"", body, StringComparison.Ordinal);

        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Bad_json_is_400_and_the_server_still_answers()
    {
        using var response = await _server.PostAsync("""{"model":"scripted","messages":[{"role":"user","content":"hi"}""");
        var error = await ErrorBody.ReadAsync(response);
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("invalid_json", error.Code);

        await AssertStillServesAsync();
    }

    private async Task AssertStillServesAsync()
    {
        ChatCompletion completion = await Client("scripted").CompleteChatAsync([new UserChatMessage("again")]);
        Assert.Equal("The answer is 4.", completion.Content[0].Text);
    }
}
