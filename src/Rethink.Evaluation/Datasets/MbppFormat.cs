using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rethink.Core;

namespace Rethink.Evaluation.Datasets;

/// <summary>
/// MBPP's problem file (Austin et al. 2021): <c>{"task_id", "text", "code"?, "test_list", "test_setup_code"?,
/// "challenge_test_list"?}</c>. The reference is <see cref="AnswerKind.Code"/> with <see cref="Reference.Tests"/> =
/// <c>test_setup_code</c> then every assert of <c>test_list</c> (one per line), <see cref="Reference.Solution"/> =
/// <c>code</c>, and <see cref="Reference.EntryPoint"/> = the first function that <c>code</c> defines and the first
/// test calls (else the first name the first test calls). The first test is shown to the model and kept in
/// <see cref="CodeProblemKeys.VisibleTests"/>; the others stay hidden. <c>challenge_test_list</c> is checked for shape
/// and not run (the standard MBPP score uses <c>test_list</c> only). The sanitized release's shape is read too: its
/// <c>prompt</c> stands in for a missing <c>text</c>, and its <c>test_imports</c> (an array of import lines) run before
/// <c>test_setup_code</c>. Stateless.
/// </summary>
public sealed partial class MbppFormat : IDatasetFormat
{
    /// <inheritdoc />
    public string Name => "mbpp";

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

        var text = JsonFields.Has(item, "text") || !JsonFields.Has(item, "prompt")
            ? JsonFields.RequiredText(item, "text")
            : JsonFields.RequiredText(item, "prompt");
        var tests = JsonFields.OptionalTextArray(item, "test_list") ?? throw new DatasetFieldException("test_list", "the field is missing");
        if (tests.Count == 0)
        {
            throw new DatasetFieldException("test_list", "the array is empty");
        }

        for (var i = 0; i < tests.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(tests[i]))
            {
                throw new DatasetFieldException("test_list", string.Create(CultureInfo.InvariantCulture, $"element {i} is empty"));
            }

            if (tests[i].Contains('\n', StringComparison.Ordinal))
            {
                throw new DatasetFieldException("test_list", string.Create(CultureInfo.InvariantCulture, $"element {i} spans several lines; each test is one assert statement"));
            }
        }

        _ = JsonFields.OptionalTextArray(item, "challenge_test_list");
        var imports = JsonFields.OptionalTextArray(item, "test_imports") ?? [];
        var setup = string.Join('\n', imports.Append(JsonFields.OptionalText(item, "test_setup_code") ?? string.Empty));
        var code = JsonFields.OptionalText(item, "code");
        var entryPoint = EntryPoint(code, tests[0]);
        var metadata = JsonFields.Metadata(item, [IdField, "text", "prompt", "code", "test_list", "test_setup_code", "test_imports", "challenge_test_list"]);
        metadata[CodeProblemKeys.VisibleTests] = tests[0].Trim();
        metadata[CodeProblemKeys.CodeFormat] = Name;
        var program = setup.Trim().Length == 0 ? string.Join('\n', tests.Select(t => t.Trim())) : setup.TrimEnd() + "\n" + string.Join('\n', tests.Select(t => t.Trim()));
        return new Problem
        {
            Id = id,
            Messages = [Message.User(
                "You are an expert Python programmer, and here is your task: " + text.Trim()
                + "\nYour code should pass this test:\n\n" + tests[0].Trim()
                + "\n\nReply with the complete code in one ```python code block.")],
            Reference = new Reference { Kind = AnswerKind.Code, Tests = program + "\n", EntryPoint = entryPoint, Solution = code },
            Metadata = metadata,
        };
    }

    private static string EntryPoint(string? code, string firstTest)
    {
        var called = CalledName().Matches(firstTest).Select(m => m.Groups[1].Value).ToList();
        if (code is not null)
        {
            foreach (Match def in CodeFields.TopLevelDef().Matches(code))
            {
                if (called.Contains(def.Groups[1].Value, StringComparer.Ordinal))
                {
                    return def.Groups[1].Value;
                }
            }
        }

        return called.FirstOrDefault(n => !NotEntryPoints.Contains(n))
            ?? throw new DatasetFieldException("test_list", "the first test calls no function, so the entry point cannot be told");
    }

    private static readonly HashSet<string> NotEntryPoints = new(StringComparer.Ordinal)
    {
        "assert", "set", "sorted", "list", "tuple", "dict", "len", "round", "abs", "str", "int", "float", "isclose", "math", "not", "all", "any", "frozenset",
    };

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex CalledName();
}
