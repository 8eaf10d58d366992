using System.Text.Json;
using Rethink.Core;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Multiple-choice items: <c>{"id"?, "question": "...", "choices": ["...", "..."], "answer": "B"}</c> or the options as
/// fields <c>"A"</c>, <c>"B"</c>, <c>"C"</c>, ... (contiguous from A; 2 to 10 options). The answer is a letter as a JSON
/// string ("B", "b", "(B)") or a 0-based option index as a JSON integer (<c>1</c> means B); a digit inside a string is
/// refused because it could mean either. The prompt is the question, a blank line, then one "A. option" line per
/// option. Gold is the letter (<see cref="AnswerKind.Choice"/>) with <see cref="Reference.Choices"/> set. Stateless.
/// </summary>
public sealed class MultipleChoiceFormat : IDatasetFormat
{
    /// <summary>Creates the format; <paramref name="idField"/> names the id field (default <c>id</c>).</summary>
    public MultipleChoiceFormat(string idField = "id")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idField);
        IdField = idField;
    }

    /// <inheritdoc />
    public string Name => "mc";

    /// <inheritdoc />
    public AnswerKind? Kind => AnswerKind.Choice;

    /// <inheritdoc />
    public string IdField { get; }

    /// <inheritdoc />
    public Problem Convert(JsonElement item)
    {
        var id = JsonFields.Id(item, IdField);
        var question = JsonFields.RequiredText(item, "question");
        var options = ChoiceOptions.Read(item, "choices", out var consumed);
        var gold = ChoiceOptions.GoldLetter(item, "answer", options.Count);
        consumed.AddRange([IdField, "question", "answer"]);
        return new Problem
        {
            Id = id,
            Messages = [Message.User(ChoiceOptions.Prompt(question, options))],
            Reference = new Reference { Kind = AnswerKind.Choice, Answer = gold, Choices = options },
            Metadata = JsonFields.Metadata(item, consumed),
        };
    }
}
