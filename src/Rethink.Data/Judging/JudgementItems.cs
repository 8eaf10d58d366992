using System.Text.Json;
using Rethink.Evaluation.Runs;

namespace Rethink.Data;

// Reads judging-run items; a payload that is not a judgement item is an error naming the run, the item and the store,
// never a silent drop: a malformed run should be fixed, not quietly exported short.
internal static class JudgementItems
{
    public static IReadOnlyList<(RunItem Item, JudgementItem Judgement)> Read(SourceRun run)
    {
        var list = new List<(RunItem, JudgementItem)>(run.Items.Count);
        foreach (var item in run.Items)
        {
            list.Add((item, Parse(run, item)));
        }

        return list;
    }

    private static JudgementItem Parse(SourceRun run, RunItem item)
    {
        JudgementItem? judgement;
        try
        {
            judgement = JsonSerializer.Deserialize<JudgementItem>(item.PayloadJson, RunJson.Options);
        }
        catch (JsonException e)
        {
            throw Malformed(run, item, e.Message, e);
        }

        if (judgement is null)
        {
            throw Malformed(run, item, "the payload is null");
        }

        var problem = judgement switch
        {
            { Prompt: null or { Count: 0 } } => "it has no prompt messages",
            { A.Text: null } or { B.Text: null } => "a response has no text",
            { A.Source: null } or { B.Source: null } => "a response has no source",
            { Orders: null or { Count: 0 } } => "it has no judged orders",
            { Judge: null } => "it has no judge identity",
            _ when judgement.Orders.Count > 2 => $"it has {judgement.Orders.Count} orders (at most 2)",
            _ when judgement.Orders.Any(o => o is null || o.Messages is null || o.RawOutput is null) => "an order has no messages or output",
            _ => null,
        };
        return problem is null ? judgement : throw Malformed(run, item, problem);
    }

    private static InvalidDataException Malformed(SourceRun run, RunItem item, string problem, Exception? inner = null) =>
        new($"Item '{item.Key}' of {run.Describe()} is not a judgement item: {problem}.", inner);
}
