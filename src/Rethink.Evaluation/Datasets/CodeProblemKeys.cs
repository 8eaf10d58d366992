namespace Rethink.Evaluation.Datasets;

/// <summary>
/// The <see cref="Core.Problem.Metadata"/> keys the code formats (<c>humaneval</c>, <c>mbpp</c>) set for the verifier
/// and the strategies. Plain strings, so readers in other projects (the execution verifier, self-debug) agree on them
/// without a reference to this one.
/// </summary>
public static class CodeProblemKeys
{
    /// <summary>
    /// The dataset's own code prompt (HumanEval's <c>prompt</c>: imports, helpers and the signature with its
    /// docstring). The execution verifier puts it before the completion, or before a whole function that redefines
    /// the entry point, so imports the prompt brings stay in scope.
    /// </summary>
    public const string CodePrompt = "code_prompt";

    /// <summary>Tests the model may see (MBPP: the first of <c>test_list</c>, one assert per line); the rest stay hidden.</summary>
    public const string VisibleTests = "visible_tests";

    /// <summary>The source format (<c>humaneval</c> or <c>mbpp</c>).</summary>
    public const string CodeFormat = "code_format";
}
