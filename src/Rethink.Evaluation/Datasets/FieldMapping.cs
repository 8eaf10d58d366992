using Rethink.Core;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// Which JSON fields of a generic JSONL file hold what (see <see cref="JsonlFormat"/>). Field names are exact and
/// case-sensitive top-level keys; null means "not present in this dataset". Immutable.
/// </summary>
public sealed record FieldMapping
{
    /// <summary>The id field (absent ids are filled in per <see cref="MissingIdPolicy"/>). Default <c>id</c>.</summary>
    public string IdField { get; init; } = "id";

    /// <summary>The question field (required, non-empty string). Default <c>question</c>.</summary>
    public string QuestionField { get; init; } = "question";

    /// <summary>
    /// The gold answer field (string or number; required unless <see cref="Kind"/> is None or Code; for Choice, a
    /// letter or a 0-based index). Default <c>answer</c>.
    /// </summary>
    public string? AnswerField { get; init; } = "answer";

    /// <summary>A worked gold solution (optional string).</summary>
    public string? SolutionField { get; init; }

    /// <summary>An array of options; shown in the prompt as "A. ..." lines. Required when <see cref="Kind"/> is Choice (defaults to <c>choices</c> then).</summary>
    public string? ChoicesField { get; init; }

    /// <summary>A system prompt sent before the question (optional string).</summary>
    public string? SystemField { get; init; }

    /// <summary>Test code for Code problems (required string when <see cref="Kind"/> is Code).</summary>
    public string? TestsField { get; init; }

    /// <summary>The function under test for Code problems (optional string).</summary>
    public string? EntryPointField { get; init; }

    /// <summary>
    /// A first answer to critique instead of letting the model answer (optional string;
    /// <see cref="Problem.GivenAnswer"/>): a row that has it is a critique-evaluation item. Default <c>given_answer</c>.
    /// </summary>
    public string? GivenAnswerField { get; init; } = "given_answer";

    /// <summary>
    /// Where the given answer's first error is (optional string or number, e.g. "step 2" or 2;
    /// <see cref="Problem.GivenAnswerErrorLocation"/>). Default <c>error_location</c>.
    /// </summary>
    public string? GivenAnswerErrorLocationField { get; init; } = "error_location";

    /// <summary>How the gold answer is compared. Default <see cref="AnswerKind.Exact"/>.</summary>
    public AnswerKind Kind { get; init; } = AnswerKind.Exact;
}
