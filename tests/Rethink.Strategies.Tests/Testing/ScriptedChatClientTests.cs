using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Rethink.Core;
using Rethink.Testing;

namespace Rethink.Strategies.Tests.Testing;

public class ScriptedChatClientTests
{
    [Fact]
    public async Task Queue_answers_in_order_then_fails_loudly()
    {
        var client = new ScriptedChatClient("one", "two");
        Assert.Equal("one", (await client.GetResponseAsync("a")).Text);
        Assert.Equal("two", (await client.GetResponseAsync("b")).Text);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("c"));
        Assert.Contains("\"c\"", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, client.CallCount);
    }

    [Fact]
    public async Task Rules_win_over_queue_and_their_last_reply_repeats()
    {
        var client = new ScriptedChatClient("queued")
            .WhenContains("review", "r1", "r2")
            .WhenMatches(new Regex("^num \\d+$"), "number");
        Assert.Equal("r1", (await client.GetResponseAsync("please review")).Text);
        Assert.Equal("number", (await client.GetResponseAsync("num 12")).Text);
        Assert.Equal("r2", (await client.GetResponseAsync("review again")).Text);
        Assert.Equal("r2", (await client.GetResponseAsync("review more")).Text);
        Assert.Equal("queued", (await client.GetResponseAsync("other")).Text);
    }

    [Fact]
    public async Task Fallback_answers_what_rules_and_queue_do_not()
    {
        var client = new ScriptedChatClient(r => $"echo {r.LastUserText} #{r.Index}");
        Assert.Equal("echo hi #0", (await client.GetResponseAsync("hi")).Text);
        Assert.Equal("echo yo #1", (await client.GetResponseAsync("yo")).Text);
    }

    [Fact]
    public async Task Usage_defaults_to_a_quarter_of_the_characters_rounded_up_or_is_scripted()
    {
        var client = new ScriptedChatClient("12345", ScriptedReply.Of("x").WithUsage(7, 9));
        var r1 = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "abcd"), new ChatMessage(ChatRole.User, "efghi")]);
        Assert.Equal(3, r1.Usage!.InputTokenCount);
        Assert.Equal(2, r1.Usage.OutputTokenCount);
        var r2 = await client.GetResponseAsync("anything");
        Assert.Equal(7, r2.Usage!.InputTokenCount);
        Assert.Equal(9, r2.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Properties_exceptions_and_records()
    {
        var client = new ScriptedChatClient(
            ScriptedReply.Of("a").WithMeanLogProb(-0.25),
            ScriptedReply.Throws(new HttpRequestException("down")));
        var options = new ChatOptions { Temperature = 0.3f, AdditionalProperties = new() { [RethinkProperties.SampleIndex] = 4 } };
        var r = await client.GetResponseAsync("q", options);
        Assert.Equal(-0.25, r.AdditionalProperties![RethinkProperties.MeanLogProb]);
        options.Temperature = 0.9f; // the recorded clone must not change
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("q2"));
        var first = client.Requests[0];
        Assert.Equal(0.3f, first.Options!.Temperature);
        Assert.Equal(4, first.SampleIndex);
        Assert.Equal("q", first.LastUserText);
        Assert.Equal([Message.User("q")], first.AsMessages);
    }

    [Fact]
    public async Task Delays_honour_cancellation()
    {
        using var cts = new CancellationTokenSource();
        var client = new ScriptedChatClient(ScriptedReply.Hang());
        var task = client.GetResponseAsync("q", cancellationToken: cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    [Fact]
    public async Task Streaming_yields_the_reply_in_chunks_then_usage()
    {
        var client = new ScriptedChatClient("abcdefghijklmnopqrst") { StreamChunkSize = 8 };
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync("q"))
        {
            updates.Add(u);
        }

        Assert.Equal(["abcdefgh", "ijklmnop", "qrst"], updates.Take(3).Select(u => u.Text));
        var response = updates.ToChatResponse();
        Assert.Equal("abcdefghijklmnopqrst", response.Text);
        Assert.Equal(5, response.Usage!.OutputTokenCount);
        Assert.True(client.Requests[0].Streaming);
    }

    [Fact]
    public async Task Concurrent_requests_are_all_recorded()
    {
        var client = new ScriptedChatClient(r => r.LastUserText.ToUpperInvariant());
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => client.GetResponseAsync($"m{i}"))));
        Assert.Equal(64, client.CallCount);
        Assert.Equal(64, client.Requests.Select(r => r.Index).Distinct().Count());
        Assert.Contains(results, r => r.Text == "M63");
    }

    [Fact]
    public async Task Unreachable_client_throws_http_errors()
    {
        var client = new UnreachableChatClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("q"));
        Assert.Equal(1, client.CallCount);
    }

    [Fact]
    public async Task Fake_verifier_judge_critic_and_extractor_behave_as_documented()
    {
        var problem = Fixture.Problem();
        var verifier = FakeVerifier.Expecting("5");
        Assert.Equal("fake.equal", (await verifier.VerifyAsync(problem, new Attempt("Answer: 5", "5", default))).Reason);
        Assert.Equal("fake.not_equal", (await verifier.VerifyAsync(problem, new Attempt("Answer: 6", "6", default))).Reason);
        Assert.Equal("fake.no_answer", (await verifier.VerifyAsync(problem, new Attempt("?", null, default))).Reason);

        var judge = FakeJudge.Preferring("b");
        var j = await judge.JudgeAsync(problem, [new Attempt("", "a", default), new Attempt("", "b", default), new Attempt("", "b", default)]);
        Assert.Equal(1, j.BestIndex);

        var critic = ScriptedCritic.FromTexts("first", "second");
        Assert.Equal("first", (await critic.CritiqueAsync(problem, new Attempt("x", null, default))).Critique.Text);
        Assert.Equal("second", (await critic.CritiqueAsync(problem, new Attempt("x", null, default))).Critique.Text);
        Assert.Equal("second", (await critic.CritiqueAsync(problem, new Attempt("x", null, default))).Critique.Text);

        Assert.Equal("42", AnswerPrefixExtractor.Instance.Extract("work\nanswer: 7\nso... Answer:  42 \nbye"));
        Assert.Null(AnswerPrefixExtractor.Instance.Extract("no final line"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => new ThrowingVerifier().VerifyAsync(problem, new Attempt("", null, default)));
    }
}
