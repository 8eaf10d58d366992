using Microsoft.Extensions.AI;
using Rethink.Evaluation.Runs;
using Rethink.Evaluation.Tests.Runs.Fakes;

namespace Rethink.Evaluation.Tests.Runs;

public class GivenAnswerChatClientTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "q1")];

    [Fact]
    public async Task The_first_call_returns_the_given_answer_free_and_later_calls_reach_the_model()
    {
        var model = new FakeModel { Respond = _ => "from the model" };
        using var client = new GivenAnswerChatClient("given", model);

        var first = await client.GetResponseAsync(Question);
        var second = await client.GetResponseAsync(Question);

        Assert.Equal("given", first.Text);
        Assert.Equal(ChatFinishReason.Stop, first.FinishReason);
        Assert.Equal(0, first.Usage!.TotalTokenCount);
        Assert.Equal("from the model", second.Text);
        Assert.Equal(1, model.CallCount);
    }

    [Fact]
    public async Task A_streamed_first_call_gives_the_same_text_and_zero_usage()
    {
        var model = new FakeModel { Respond = _ => "from the model" };
        using var client = new GivenAnswerChatClient("line 1\nAnswer: 5", model);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync(Question))
        {
            updates.Add(u);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("line 1\nAnswer: 5", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(0, response.Usage!.TotalTokenCount);
        Assert.Equal(0, model.CallCount);
        Assert.Equal("from the model", (await client.GetResponseAsync(Question)).Text);
    }

    [Fact]
    public async Task A_cancelled_first_call_throws_and_does_not_use_up_the_given_answer_silently()
    {
        using var client = new GivenAnswerChatClient("given", new FakeModel());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Question, cancellationToken: cts.Token));
        Assert.Equal("given", (await client.GetResponseAsync(Question)).Text);
    }
}
