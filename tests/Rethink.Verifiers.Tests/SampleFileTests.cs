using System.Text.Json;
using Rethink.Core;

namespace Rethink.Verifiers.Tests;

/// <summary>
/// The hand-made samples against the verifiers: every gold answer is recovered from its own worked solution, and the
/// response logs score to exactly the transition counts samples/README.md says were designed into them.
/// </summary>
public class SampleFileTests
{
    private static Dictionary<string, string> Gsm8kGold() =>
        SampleLogs.Lines("gsm8k-sample.jsonl").ToDictionary(
            l => l.Text("id"),
            l => l.Text("answer")[(l.Text("answer").LastIndexOf("####", StringComparison.Ordinal) + 4)..].Trim());

    [Fact]
    public async Task Every_gsm8k_gold_is_recovered_from_its_solution()
    {
        var lines = SampleLogs.Lines("gsm8k-sample.jsonl").ToList();
        Assert.True(lines.Count >= 40);
        foreach (var line in lines)
        {
            var solution = line.Text("answer");
            var gold = Gsm8kGold()[line.Text("id")];
            var extracted = NumericAnswerExtractor.Instance.Analyze(solution);

            Assert.Equal(ExtractionMethods.Gsm8kMarker, extracted.Method);
            Assert.Equal(NumericAnswerExtractor.Instance.Normalize(gold), NumericAnswerExtractor.Instance.Normalize(extracted.Answer!));
            var verdict = await Check.Numeric(gold, solution);
            Assert.Equal(NumericReasons.Equal, verdict.Reason);
        }
    }

    [Fact]
    public async Task Every_math_gold_is_recovered_from_its_solution()
    {
        var lines = SampleLogs.Lines("math-sample.jsonl").ToList();
        Assert.True(lines.Count >= 40);
        foreach (var line in lines)
        {
            var solution = line.Text("solution");
            var extracted = NumericAnswerExtractor.Instance.Analyze(solution);
            Assert.Equal(ExtractionMethods.Boxed, extracted.Method);

            // The gold is what a reader takes from the solution's last box; the numeric verifier must accept the
            // solution itself and must read the gold as a number (no sample relies on the text fallback).
            var verdict = await Check.Numeric(extracted.Answer!, solution);
            Assert.Equal(NumericReasons.Equal, verdict.Reason);
            Assert.DoesNotContain("\\", NumericAnswerExtractor.Instance.Normalize(extracted.Answer!), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("responses/gsm8k-reask.jsonl", 31, 4, 5, 5)]
    [InlineData("responses/gsm8k-self-refine.jsonl", 33, 2, 6, 4)]
    public async Task Gsm8k_response_logs_score_to_their_designed_transitions(string file, int rr, int rw, int wr, int ww)
    {
        var gold = Gsm8kGold();
        var counts = new Dictionary<string, int> { ["R->R"] = 0, ["R->W"] = 0, ["W->R"] = 0, ["W->W"] = 0 };
        foreach (var line in SampleLogs.Lines(file))
        {
            var turns = line.Turns();
            var first = await Check.Numeric(gold[line.Text("id")], turns[0]);
            var last = await Check.Numeric(gold[line.Text("id")], turns[^1]);
            counts[$"{(first.IsCorrect ? "R" : "W")}->{(last.IsCorrect ? "R" : "W")}"]++;
        }

        Assert.Equal(new Dictionary<string, int> { ["R->R"] = rr, ["R->W"] = rw, ["W->R"] = wr, ["W->W"] = ww }, counts);
        Assert.Equal(gold.Count, counts.Values.Sum());
    }

    [Theory]
    [InlineData("responses/gsm8k-reask.jsonl", "gs-020", 0, NumericReasons.UnparseableAnswer)]
    [InlineData("responses/gsm8k-reask.jsonl", "gs-020", 1, NumericReasons.Equal)]
    [InlineData("responses/gsm8k-reask.jsonl", "gs-029", 1, NumericReasons.NoAnswer)]
    [InlineData("responses/gsm8k-self-refine.jsonl", "gs-038", 2, NumericReasons.UnparseableAnswer)]
    [InlineData("responses/gsm8k-self-refine.jsonl", "gs-021", 1, NumericReasons.Equal)]
    [InlineData("responses/gsm8k-self-refine.jsonl", "gs-042", 2, NumericReasons.Equal)]
    public async Task Designed_special_turns_get_their_reason(string file, string id, int turn, string reason)
    {
        var line = SampleLogs.Lines(file).Single(l => l.Text("id") == id);

        var verdict = await Check.Numeric(Gsm8kGold()[id], line.Turns()[turn]);

        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public async Task Mc_direct_log_scores_to_its_designed_reasons()
    {
        var problems = SampleLogs.Lines("mc-sample.jsonl").ToDictionary(l => l.Text("id"), ToReference);
        var reasons = new Dictionary<string, int>();
        foreach (var line in SampleLogs.Lines("responses/mc-direct.jsonl"))
        {
            var verdict = await Check.Run(ChoiceVerifier.Instance, problems[line.Text("id")], line.Text("response"));
            reasons[verdict.Reason] = reasons.GetValueOrDefault(verdict.Reason) + 1;
        }

        Assert.Equal(
            new Dictionary<string, int>
            {
                [ChoiceReasons.Equal] = 32,
                [ChoiceReasons.NotEqual] = 8,
                [ChoiceReasons.Ambiguous] = 2,
                [ChoiceReasons.NoAnswer] = 2,
            },
            reasons);
    }

    private static Reference ToReference(JsonElement line)
    {
        var choices = line.TryGetProperty("choices", out var array)
            ? array.EnumerateArray().Select(c => c.GetString()!).ToList()
            : new[] { "A", "B", "C", "D" }.Select(f => line.Text(f)).ToList();
        var answer = line.GetProperty("answer");
        var letter = answer.ValueKind == JsonValueKind.Number ? ((char)('A' + answer.GetInt32())).ToString() : answer.GetString()!;
        return new Reference { Kind = AnswerKind.Choice, Answer = letter, Choices = choices };
    }
}
