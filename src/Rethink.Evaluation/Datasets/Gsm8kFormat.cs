using System.Text.Json;
using Rethink.Core;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// GSM8K-style items: <c>{"id"?, "question": "...", "answer": "worked solution ... #### 18"}</c>. The gold answer is
/// the text after the last <c>####</c> (trimmed, to the end of its line), compared numerically
/// (<see cref="AnswerKind.Numeric"/>); the whole answer field is kept as <see cref="Reference.Solution"/>. The prompt is
/// the question alone. Other scalar fields become metadata. Stateless.
/// </summary>
public sealed class Gsm8kFormat : IDatasetFormat
{
    /// <summary>Creates the format; <paramref name="idField"/> names the id field (default <c>id</c>).</summary>
    public Gsm8kFormat(string idField = "id")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idField);
        IdField = idField;
    }

    /// <inheritdoc />
    public string Name => "gsm8k";

    /// <inheritdoc />
    public AnswerKind? Kind => AnswerKind.Numeric;

    /// <inheritdoc />
    public string IdField { get; }

    /// <inheritdoc />
    public Problem Convert(JsonElement item)
    {
        var id = JsonFields.Id(item, IdField);
        var question = JsonFields.RequiredText(item, "question");
        var solution = JsonFields.RequiredText(item, "answer");
        var marker = solution.LastIndexOf("####", StringComparison.Ordinal);
        if (marker < 0)
        {
            throw new DatasetFieldException("answer", "the worked solution has no final '#### <answer>' line");
        }

        var gold = solution[(marker + 4)..].Split('\n')[0].Trim();
        if (gold.Length == 0)
        {
            throw new DatasetFieldException("answer", "nothing follows the final '####'");
        }

        return new Problem
        {
            Id = id,
            Messages = [Message.User(question)],
            Reference = new Reference { Kind = AnswerKind.Numeric, Answer = gold, Solution = solution },
            Metadata = JsonFields.Metadata(item, [IdField, "question", "answer"]),
        };
    }
}
