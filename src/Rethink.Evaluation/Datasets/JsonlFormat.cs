using System.Text.Json;
using Rethink.Core;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Generic JSONL with a user-supplied <see cref="FieldMapping"/>: the question (plus lettered options when a choices
/// field is mapped and present, and a system message when one is mapped), the gold answer compared as
/// <see cref="FieldMapping.Kind"/>, a given first answer to critique and the location of its first error when the row
/// has them (<see cref="FieldMapping.GivenAnswerField"/>, <see cref="FieldMapping.GivenAnswerErrorLocationField"/>), and
/// every other scalar field as metadata. Stateless.
/// </summary>
public sealed class JsonlFormat : IDatasetFormat
{
    /// <summary>Creates the format with <paramref name="mapping"/> (defaults: id, question, answer; exact match).</summary>
    public JsonlFormat(FieldMapping? mapping = null)
    {
        Mapping = mapping ?? new FieldMapping();
        ArgumentException.ThrowIfNullOrWhiteSpace(Mapping.IdField, nameof(mapping));
        ArgumentException.ThrowIfNullOrWhiteSpace(Mapping.QuestionField, nameof(mapping));
        if (Mapping.AnswerField is null && Mapping.Kind is not (AnswerKind.None or AnswerKind.Code))
        {
            throw new ArgumentException($"Answer kind {Mapping.Kind} needs an answer field.", nameof(mapping));
        }

        if (Mapping.Kind == AnswerKind.Code && Mapping.TestsField is null)
        {
            throw new ArgumentException("Answer kind Code needs a tests field.", nameof(mapping));
        }
    }

    /// <inheritdoc />
    public string Name => "jsonl";

    /// <inheritdoc />
    public AnswerKind? Kind => null;

    /// <inheritdoc />
    public string IdField => Mapping.IdField;

    /// <summary>The field mapping in use.</summary>
    public FieldMapping Mapping { get; }

    /// <inheritdoc />
    public Problem Convert(JsonElement item)
    {
        var m = Mapping;
        var id = JsonFields.Id(item, m.IdField);
        var question = JsonFields.RequiredText(item, m.QuestionField);
        var consumed = new List<string?> { m.IdField, m.QuestionField, m.AnswerField, m.SolutionField, m.SystemField, m.TestsField, m.EntryPointField, m.GivenAnswerField, m.GivenAnswerErrorLocationField };

        IReadOnlyList<string>? options = null;
        var choicesField = m.ChoicesField ?? (m.Kind == AnswerKind.Choice ? "choices" : null);
        if (choicesField is not null && (m.Kind == AnswerKind.Choice || JsonFields.Has(item, choicesField)))
        {
            options = ChoiceOptions.Read(item, choicesField, out var optionFields);
            consumed.AddRange(optionFields);
        }

        string? gold;
        if (m.Kind == AnswerKind.Choice)
        {
            gold = ChoiceOptions.GoldLetter(item, m.AnswerField!, options!.Count);
        }
        else
        {
            gold = JsonFields.OptionalScalar(item, m.AnswerField)?.Trim();
            if (string.IsNullOrEmpty(gold) && m.Kind is not (AnswerKind.None or AnswerKind.Code))
            {
                throw new DatasetFieldException(m.AnswerField, JsonFields.Has(item, m.AnswerField!) ? "the answer is empty" : "the field is missing");
            }
        }

        string? tests = null;
        if (m.Kind == AnswerKind.Code)
        {
            tests = JsonFields.RequiredText(item, m.TestsField!);
        }

        var messages = new List<Message>();
        if (JsonFields.OptionalText(item, m.SystemField) is { Length: > 0 } system)
        {
            messages.Add(Message.System(system));
        }

        messages.Add(Message.User(options is null ? question : ChoiceOptions.Prompt(question, options)));
        return new Problem
        {
            Id = id,
            Messages = messages,
            Reference = new Reference
            {
                Kind = m.Kind,
                Answer = string.IsNullOrEmpty(gold) ? null : gold,
                Solution = JsonFields.OptionalText(item, m.SolutionField),
                Choices = options,
                Tests = tests,
                EntryPoint = JsonFields.OptionalText(item, m.EntryPointField),
            },
            Metadata = JsonFields.Metadata(item, consumed),
            GivenAnswer = JsonFields.OptionalText(item, m.GivenAnswerField),
            GivenAnswerErrorLocation = JsonFields.OptionalScalar(item, m.GivenAnswerErrorLocationField)?.Trim(),
        };
    }
}
