using System.Text.Json;
using Rethink.Core;
using Rethink.Core.Text;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// MATH-style items: <c>{"id"?, "problem": "...", "solution": "... \boxed{\frac{3}{4}} ...", "answer"?, "level"?,
/// "type"?}</c>. The gold answer is the <c>answer</c> field when present (string or number), otherwise the content of
/// the last <c>\boxed{...}</c> in the solution; the kind is <see cref="AnswerKind.Numeric"/> (the numeric verifier
/// falls back to a normalised text comparison for answers such as <c>\sqrt{2}</c>). The solution is kept as
/// <see cref="Reference.Solution"/>; <c>level</c>, <c>type</c> and other scalar fields become metadata. Stateless.
/// </summary>
public sealed class MathFormat : IDatasetFormat
{
    /// <summary>Creates the format; <paramref name="idField"/> names the id field (default <c>id</c>).</summary>
    public MathFormat(string idField = "id")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idField);
        IdField = idField;
    }

    /// <inheritdoc />
    public string Name => "math";

    /// <inheritdoc />
    public AnswerKind? Kind => AnswerKind.Numeric;

    /// <inheritdoc />
    public string IdField { get; }

    /// <inheritdoc />
    public Problem Convert(JsonElement item)
    {
        var id = JsonFields.Id(item, IdField);
        var problem = JsonFields.RequiredText(item, "problem");
        var solution = JsonFields.OptionalText(item, "solution");
        var gold = JsonFields.OptionalScalar(item, "answer")?.Trim();
        if (string.IsNullOrEmpty(gold))
        {
            if (string.IsNullOrWhiteSpace(solution))
            {
                throw new DatasetFieldException("solution", "the field is missing and there is no answer field");
            }

            gold = BoxedText.Last(solution)?.Trim();
            if (string.IsNullOrEmpty(gold))
            {
                throw new DatasetFieldException("solution", "the solution has no non-empty \\boxed{...} answer and there is no answer field");
            }
        }

        return new Problem
        {
            Id = id,
            Messages = [Message.User(problem)],
            Reference = new Reference { Kind = AnswerKind.Numeric, Answer = gold, Solution = solution },
            Metadata = JsonFields.Metadata(item, [IdField, "problem", "solution", "answer"]),
        };
    }
}
