using System.Globalization;
using System.Text.Json;
using Rethink.Cli.Tests.Infrastructure;

namespace Rethink.Cli.Tests.Fakes;

/// <summary>
/// A rule table for the fake server over samples/gsm8k-sample.jsonl. The problem is recognised by its question text
/// inside the first user message; the answer depends on the problem's position i in the file and on whether the
/// question has been asked again (a second user message, as reask and critique-revise do):
/// i % 5 == 0: right, then wrong (R->W); 1 or 2: wrong, then right (W->R); 3: right, right; 4: wrong, wrong.
/// A wrong answer is the gold answer plus one. So the first ten problems give direct 4/10 and reask
/// R->R 2, R->W 2, W->R 4, W->W 2 (first 4/10, final 6/10).
/// </summary>
public sealed class GsmScript
{
    private readonly List<(string Question, decimal Gold)> _items = [];

    public GsmScript(string path)
    {
        foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var question = doc.RootElement.GetProperty("question").GetString()!;
            var answer = doc.RootElement.GetProperty("answer").GetString()!;
            var gold = answer[(answer.LastIndexOf("####", StringComparison.Ordinal) + 4)..].Trim().Replace(",", "", StringComparison.Ordinal);
            _items.Add((question, decimal.Parse(gold, NumberStyles.Number, CultureInfo.InvariantCulture)));
        }
    }

    public static GsmScript Sample { get; } = new(Path.Combine(RepoPaths.Samples, "gsm8k-sample.jsonl"));

    public int Count => _items.Count;

    public string Reply(FakeChatRequest request)
    {
        var first = request.UserMessages.First();
        var index = _items.FindIndex(item => first.Contains(item.Question, StringComparison.Ordinal));
        if (index < 0)
        {
            return "I do not recognise this question.";
        }

        var again = request.UserMessages.Count() > 1;
        var right = (index % 5) switch
        {
            0 => !again,
            1 or 2 => again,
            3 => true,
            _ => false,
        };
        var value = right ? _items[index].Gold : _items[index].Gold + 1;
        return string.Create(CultureInfo.InvariantCulture, $"Working through it step by step.\n#### {value}");
    }
}
