using System.Text.Json;
using Rethink.Core;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// HumanEval's own problem file (Chen et al. 2021): <c>{"task_id", "prompt", "canonical_solution"?, "test",
/// "entry_point"}</c>, as <c>.jsonl</c> or <c>.jsonl.gz</c>. The reference is <see cref="AnswerKind.Code"/> with
/// <see cref="Reference.Tests"/> = <c>test</c> (which defines <c>check(candidate)</c>), <see cref="Reference.EntryPoint"/>
/// = <c>entry_point</c> and <see cref="Reference.Solution"/> = prompt + canonical solution. The prompt is kept verbatim
/// in <see cref="CodeProblemKeys.CodePrompt"/>; the model is asked, in one user message, to complete it and reply with
/// the whole function. Other scalar fields become metadata. Stateless.
/// </summary>
public sealed class HumanEvalFormat : IDatasetFormat
{
    /// <summary>The instruction put before the prompt in the user message.</summary>
    public const string Instruction =
        "Complete the following Python function. Reply with the complete function (imports included) in one ```python code block.";

    /// <inheritdoc />
    public string Name => "humaneval";

    /// <inheritdoc />
    public AnswerKind? Kind => AnswerKind.Code;

    /// <inheritdoc />
    public string IdField => "task_id";

    /// <inheritdoc />
    public Problem Convert(JsonElement item)
    {
        var id = JsonFields.Id(item, IdField);
        if (id.Length == 0)
        {
            throw new DatasetFieldException(IdField, "the field is missing");
        }

        var prompt = JsonFields.RequiredText(item, "prompt");
        var test = JsonFields.RequiredText(item, "test");
        var entryPoint = CodeFields.EntryPoint(item, "entry_point");
        if (!System.Text.RegularExpressions.Regex.IsMatch(test, @"^def\s+check\s*\(", System.Text.RegularExpressions.RegexOptions.Multiline))
        {
            throw new DatasetFieldException("test", "the test code defines no top-level 'def check(candidate)'");
        }

        var canonical = JsonFields.OptionalText(item, "canonical_solution");
        var metadata = JsonFields.Metadata(item, [IdField, "prompt", "canonical_solution", "test", "entry_point"]);
        metadata[CodeProblemKeys.CodePrompt] = prompt;
        metadata[CodeProblemKeys.CodeFormat] = Name;
        return new Problem
        {
            Id = id,
            Messages = [Message.User(Instruction + "\n\n```python\n" + prompt.TrimEnd() + "\n```")],
            Reference = new Reference
            {
                Kind = AnswerKind.Code,
                Tests = test,
                EntryPoint = entryPoint,
                Solution = canonical is null ? null : prompt + canonical,
            },
            Metadata = metadata,
        };
    }
}
