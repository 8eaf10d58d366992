using Rethink.Core;
using Rethink.Data;

namespace Rethink.Data.Tests;

/// <summary>Chat training files of every export format read back as conversations with the right replies marked.</summary>
public sealed class TrainingConversationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rethink-conversations-");

    public void Dispose() => _dir.Delete(recursive: true);

    private async Task<TrainingConversations.Result> Read(params string[] lines)
    {
        var path = Path.Combine(_dir.FullName, "data.jsonl");
        await File.WriteAllLinesAsync(path, lines);
        return await TrainingConversations.ReadAsync(path);
    }

    [Fact]
    public async Task Messages_train_every_assistant_reply_unless_its_weight_is_zero()
    {
        var result = await Read(
            """{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"wrong","weight":0},{"role":"user","content":"again"},{"role":"assistant","content":"right"}]}""",
            """{"messages":[{"role":"system","content":"s"},{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}""");

        Assert.Equal([false, false, false, true], result.Conversations[0].Trained);
        Assert.Equal([false, false, true], result.Conversations[1].Trained);
        Assert.Equal(2, result.Conversations[1].Line);
    }

    [Fact]
    public async Task Prompt_and_completion_train_the_completion_and_unpaired_false_labels_are_left_out()
    {
        var result = await Read(
            """{"prompt":[{"role":"user","content":"q"},{"role":"assistant","content":"first"},{"role":"user","content":"again"}],"completion":[{"role":"assistant","content":"second"}]}""",
            """{"prompt":[{"role":"user","content":"q"}],"completion":[{"role":"assistant","content":"bad"}],"label":false}""",
            """{"prompt":[{"role":"user","content":"q"}],"completion":[{"role":"assistant","content":"good"}],"label":true}""");

        Assert.Equal(2, result.Conversations.Count);
        Assert.Equal(1, result.SkippedUnlabelled);
        Assert.Equal([false, false, false, true], result.Conversations[0].Trained);
        Assert.Equal("good", result.Conversations[1].Messages[^1].Text);
    }

    [Fact]
    public async Task Our_own_records_train_their_completion()
    {
        var record = new TrainingRecord
        {
            Id = "x",
            Kind = ExportKind.Correction,
            Prompt = [Message.User("q"), Message.Assistant("first"), Message.User("again")],
            Completion = [Message.Assistant("second")],
            Provenance = new RecordProvenance { RunId = "r", Strategy = "reask", StrategyFingerprint = "f", Model = "m", ProblemId = "p", DatasetPath = "d", DatasetSha256 = "s", Sample = 0, Seed = 0, Verifier = "v", VerdictReason = "ok" },
        }.WithComputedId();
        var path = Path.Combine(_dir.FullName, "ours.jsonl");
        await using (var file = File.Create(path))
        {
            await new JsonlRecordWriter().WriteAsync([record], file);
        }

        var result = await TrainingConversations.ReadAsync(path);

        Assert.Equal([false, false, false, true], Assert.Single(result.Conversations).Trained);
    }

    [Theory]
    [InlineData("""{"prompt":[{"role":"user","content":"q"}],"chosen":[{"role":"assistant","content":"a"}],"rejected":[{"role":"assistant","content":"b"}]}""", "preference")]
    [InlineData("""{"input":{"messages":[]},"preferred_output":[],"non_preferred_output":[]}""", "preference")]
    [InlineData("""{"messages":[{"role":"user","content":"q"}]}""", "no assistant reply")]
    [InlineData("""{"messages":[{"role":"tool","content":"q"}]}""", "role 'tool'")]
    [InlineData("""{"text":"q"}""", "not a chat training record")]
    [InlineData("""not json""", "not JSON")]
    public async Task What_cannot_be_imitated_is_an_error_naming_the_line(string line, string message)
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Read("""{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}""", line));

        Assert.Contains("data.jsonl:2:", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
