using Rethink.Core;
using Rethink.Core.Execution;

namespace Rethink.Strategies;

/// <summary>
/// ProgCo (Song et al., ACL 2025): program-driven self-correction. The model answers; writes a verification program
/// <c>verify(answer)</c> that reasons backwards from its own answer (ProgVe); the program is executed, by the model
/// itself step by step (default, as in ProgCo) or for real through <see cref="StrategyContext.CodeExecutor"/> with
/// <see cref="ProgCoOptions.Execution"/> = sandbox; if it passes, stop <c>critic_accepted</c>. On failure (ProgRe): a
/// feedback turn explains the failed trace; dual reflection refines the answer (the error may be in the solution or in
/// the verifier) and, separately, the verification program; when the answer changed and
/// <see cref="ProgCoOptions.Contrast"/> is on, the old and new solutions are contrasted into 1-3 key points and the
/// answer is regenerated with them; then the refined program verifies the new answer. After
/// <see cref="ProgCoOptions.MaxRounds"/> refinements stop <c>max_rounds</c>.
/// <para>
/// Turns: the answer (Generate, committed), verifier program (Critique), execution (Execute: a model call in model mode,
/// a run with <see cref="Turn.Execution"/> in sandbox mode; its <see cref="Turn.Critique"/> carries the pass/fail
/// label and is the only critique record, so critique-ability metrics see each verification once), feedback (Critique), refined answer (Refine, committed), refined program (Critique), and with a changed
/// answer the contrast (Critique) and the regenerated answer (Refine, committed). The generator writes answers; the
/// critic model (the generator unless one is configured) writes and executes programs, feedback and contrasts.
/// </para>
/// <para>
/// Parsing: the verification passes only when the last "[Verification Result]" line says True (and, in sandbox mode,
/// the run ended ok); False, a missing line or a failed run count as a failure, so an unparseable execution leads to a
/// refinement rather than a silent pass. A refined answer is the text after the last "[New Solution]" marker when
/// there is one (so the reflection is not scored), else the whole reply. Programs are taken from the last fenced
/// python block. Both modes ask for runnable Python so one prompt serves both (ProgCo allows pseudo-code with helpers
/// described in words for model execution; a model executor copes with real Python too).
/// </para>
/// Model output and program output are pasted into later prompts: untrusted text (prompt-injection risk). In sandbox
/// mode programs run only through the executor, never in this process. Immutable and thread-safe.
/// </summary>
public sealed class ProgCoStrategy : Strategy<ProgCoOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "progco";

    /// <summary>The marker the execution ends with, followed by True or False.</summary>
    public const string ResultMarker = "[Verification Result]";

    /// <summary>The marker before the new solution in the refine reply.</summary>
    public const string NewSolutionMarker = "[New Solution]";

    /// <summary>The default request for a verification program.</summary>
    public const string DefaultVerifyProgramPrompt = """
        You are an expert in reverse-reasoning verification. Below are a question and a proposed solution to it.

        Question:
        {question}

        Proposed solution:
        {solution}

        Final answer: {answer}

        Write a Python function `verify(answer)` that checks the final answer by reasoning backwards: start from the answer, work out what it implies, and check those implications against every condition stated in the question. Do not simply solve the question again and compare. The function returns True when every check holds and False otherwise. Write runnable Python 3 that uses only the standard library, in a single ```python code block.
        """;

    /// <summary>The default request to execute the program (model execution).</summary>
    public const string DefaultExecutePrompt = """
        Act as a Python interpreter. Execute the verification code below step by step for the given final answer, writing down the value of every variable and the outcome of every check as you go. If the code has an obvious bug, execute what it was clearly meant to do and say so.

        Question:
        {question}

        Proposed solution:
        {solution}

        Final answer: {answer}

        Verification code:
        ```python
        {code}
        ```

        End with one final line that is exactly "[Verification Result] True" if verify(answer) returns True, or exactly "[Verification Result] False" otherwise.
        """;

    /// <summary>The default feedback request after a failed verification.</summary>
    public const string DefaultFeedbackPrompt = """
        A proposed solution failed its verification.

        Question:
        {question}

        Proposed solution:
        {solution}

        Verification code:
        ```python
        {code}
        ```

        Verification trace:
        {trace}

        Using the trace, explain which checks failed and what that suggests is wrong. Keep in mind that the error may be in the solution or in the verification code itself.
        """;

    /// <summary>The default dual reflection on the solution.</summary>
    public const string DefaultRefinePrompt = """
        Question:
        {question}

        Your previous solution:
        {solution}

        Feedback from verifying it:
        {feedback}

        The error may come from the solution or from the verification code. Reflect on the feedback: if the solution is wrong, correct it; if the verification was wrong, keep your answer. Write "[Reflection]" followed by your reflection, then "[New Solution]" followed by a complete solution that ends with the final answer.
        """;

    /// <summary>The default dual reflection on the verification program.</summary>
    public const string DefaultCodeRefinePrompt = """
        Question:
        {question}

        Verification code:
        ```python
        {code}
        ```

        Feedback from verifying a proposed solution with it:
        {feedback}

        The error may come from the solution or from the verification code. Reflect on whether the code checks the question's conditions correctly, then write "[New Verification Code]" followed by the corrected (or unchanged) `verify(answer)` function as runnable Python 3 in a single ```python code block.
        """;

    /// <summary>The default contrast of two solutions with different answers.</summary>
    public const string DefaultContrastPrompt = """
        Question:
        {question}

        Solution A:
        {old}

        Solution B:
        {new}

        The two solutions reach different answers. Compare them step by step, find where they diverge, and list 1 to 3 key points to note when solving this question under the heading "[Key Points to Note]".
        """;

    /// <summary>The default regeneration with the key points.</summary>
    public const string DefaultRegeneratePrompt = """
        Question:
        {question}

        Key points to note when solving this question:
        {insights}

        Solve the question step by step, taking the key points into account, and end with the final answer.
        """;

    // Appended to the verification program in sandbox mode: calls verify() on the answer as data, never as code.
    private const string Harness = """


        # Added by Rethink: call verify() on the answer and report the result.
        import ast as _rethink_ast
        _rethink_value = {value}
        if isinstance(_rethink_value, str):
            try:
                _rethink_value = _rethink_ast.literal_eval(_rethink_value)
            except Exception:
                pass
        print("[Verification Result] " + str(bool(verify(_rethink_value))), flush=True)

        """;

    internal static readonly IReadOnlyList<SettingBinding<ProgCoOptions>> Bindings =
    [
        Bind.Int<ProgCoOptions>("max_rounds", "Refinement rounds at most after failed verifications.", 1, ProgCoOptions.MaxRoundsLimit, o => o.MaxRounds, (o, v) => o with { MaxRounds = v }),
        Bind.Enum<ProgCoOptions, ProgCoExecution>("execution", "Who runs the verification program: the model itself or the sandbox.", o => o.Execution, (o, v) => o with { Execution = v }),
        Bind.Bool<ProgCoOptions>("contrast", "Contrast old and new solutions and regenerate when the answer changed.", o => o.Contrast, (o, v) => o with { Contrast = v }),
        Bind.Int<ProgCoOptions>("timeout_seconds", "Wall-clock limit of each sandbox run, in seconds.", 1, ProgCoOptions.TimeoutSecondsLimit, o => o.TimeoutSeconds, (o, v) => o with { TimeoutSeconds = v }),
        Bind.Text<ProgCoOptions>("verify_program_prompt", "Asks for verify(answer); placeholders {question}, {solution}, {answer}.", o => o.VerifyProgramPrompt, (o, v) => o with { VerifyProgramPrompt = v }),
        Bind.Text<ProgCoOptions>("execute_prompt", "Asks the model to execute the program; placeholders {question}, {solution}, {answer}, {code}.", o => o.ExecutePrompt, (o, v) => o with { ExecutePrompt = v }),
        Bind.Text<ProgCoOptions>("feedback_prompt", "Feedback on a failed verification; placeholders {question}, {solution}, {code}, {trace}.", o => o.FeedbackPrompt, (o, v) => o with { FeedbackPrompt = v }),
        Bind.Text<ProgCoOptions>("refine_prompt", "Dual reflection on the solution; placeholders {question}, {solution}, {feedback}.", o => o.RefinePrompt, (o, v) => o with { RefinePrompt = v }),
        Bind.Text<ProgCoOptions>("code_refine_prompt", "Dual reflection on the program; placeholders {question}, {code}, {feedback}.", o => o.CodeRefinePrompt, (o, v) => o with { CodeRefinePrompt = v }),
        Bind.Text<ProgCoOptions>("contrast_prompt", "Contrast of two solutions; placeholders {question}, {old}, {new}.", o => o.ContrastPrompt, (o, v) => o with { ContrastPrompt = v }),
        Bind.Text<ProgCoOptions>("regenerate_prompt", "Solve again with the key points; placeholders {question}, {insights}.", o => o.RegeneratePrompt, (o, v) => o with { RegeneratePrompt = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming a bad option.</summary>
    public ProgCoStrategy(ProgCoOptions? options = null)
        : base(options ?? new ProgCoOptions(), Bindings)
    {
        Bounds.Check(Options.MaxRounds, 1, ProgCoOptions.MaxRoundsLimit, nameof(ProgCoOptions.MaxRounds));
        Bounds.Check(Options.TimeoutSeconds, 1, ProgCoOptions.TimeoutSecondsLimit, nameof(ProgCoOptions.TimeoutSeconds));
        PromptTemplate.RequirePlaceholders(Options.VerifyProgramPrompt, nameof(ProgCoOptions.VerifyProgramPrompt), "question", "solution");
        PromptTemplate.RequirePlaceholders(Options.ExecutePrompt, nameof(ProgCoOptions.ExecutePrompt), "code");
        PromptTemplate.RequirePlaceholders(Options.FeedbackPrompt, nameof(ProgCoOptions.FeedbackPrompt), "trace");
        PromptTemplate.RequirePlaceholders(Options.RefinePrompt, nameof(ProgCoOptions.RefinePrompt), "solution", "feedback");
        PromptTemplate.RequirePlaceholders(Options.CodeRefinePrompt, nameof(ProgCoOptions.CodeRefinePrompt), "code", "feedback");
        PromptTemplate.RequirePlaceholders(Options.ContrastPrompt, nameof(ProgCoOptions.ContrastPrompt), "old", "new");
        PromptTemplate.RequirePlaceholders(Options.RegeneratePrompt, nameof(ProgCoOptions.RegeneratePrompt), "question", "insights");
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <summary>
    /// The label of an execution trace: the last <see cref="ResultMarker"/> followed by True gives correct, followed by
    /// False gives incorrect (case-insensitive); no marker, or anything else after it, gives unsure.
    /// </summary>
    public static VerdictLabel ParseResult(string trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var at = trace.LastIndexOf(ResultMarker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return VerdictLabel.Unsure;
        }

        var rest = trace[(at + ResultMarker.Length)..].TrimStart(' ', '\t', ':', '*', '`');
        return rest.StartsWith("true", StringComparison.OrdinalIgnoreCase) ? VerdictLabel.Correct
            : rest.StartsWith("false", StringComparison.OrdinalIgnoreCase) ? VerdictLabel.Incorrect
            : VerdictLabel.Unsure;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Sandbox execution was chosen and the context has no <see cref="StrategyContext.CodeExecutor"/> (thrown before any call).</exception>
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        var executor = Options.Execution == ProgCoExecution.Sandbox
            ? ProgramRuns.RequireExecutor(context, Name, "execution=sandbox runs the verification program for real; execution=model lets the model execute it")
            : null;
        return RunGuardedAsync(problem, context, async builder =>
        {
            var question = StrategyRun.QuestionText(problem);
            var answer = await StrategyRun.AnswerAsync(builder, problem.Messages.ToList(), TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            var code = await CriticTurnAsync(builder, Options.VerifyProgramPrompt, Values(question, answer), cancellationToken).ConfigureAwait(false);
            code = CodeBlocks.ExtractPython(code) ?? code;
            for (var round = 0; ; round++)
            {
                var (passed, trace) = await VerifyAsync(builder, executor, question, answer, code, cancellationToken).ConfigureAwait(false);
                if (passed)
                {
                    return builder.Finish(StopReasons.CriticAccepted);
                }

                if (round == Options.MaxRounds)
                {
                    return builder.Finish(StopReasons.MaxRounds);
                }

                var feedbackValues = Values(question, answer);
                feedbackValues["code"] = code;
                feedbackValues["trace"] = trace;
                var feedback = await CriticTurnAsync(builder, Options.FeedbackPrompt, feedbackValues, cancellationToken).ConfigureAwait(false);

                var refineValues = Values(question, answer);
                refineValues["feedback"] = feedback;
                var refined = await AnswerTurnAsync(builder, Options.RefinePrompt, refineValues, cancellationToken).ConfigureAwait(false);

                var codeValues = new Dictionary<string, string> { ["question"] = question, ["code"] = code, ["feedback"] = feedback };
                var newCode = await CriticTurnAsync(builder, Options.CodeRefinePrompt, codeValues, cancellationToken).ConfigureAwait(false);
                code = CodeBlocks.ExtractPython(newCode) ?? code;

                if (Options.Contrast && !StrategyRun.SameAnswer(context, answer, refined))
                {
                    var contrastValues = new Dictionary<string, string> { ["question"] = question, ["old"] = answer.Text, ["new"] = refined.Text };
                    var insights = await CriticTurnAsync(builder, Options.ContrastPrompt, contrastValues, cancellationToken).ConfigureAwait(false);
                    var regenerateValues = new Dictionary<string, string> { ["question"] = question, ["insights"] = insights };
                    refined = await AnswerTurnAsync(builder, Options.RegeneratePrompt, regenerateValues, cancellationToken).ConfigureAwait(false);
                }

                answer = refined;
            }
        }, cancellationToken);
    }

    private static Dictionary<string, string> Values(string question, Attempt answer) => new()
    {
        ["question"] = question,
        ["solution"] = answer.Text,
        ["answer"] = answer.Answer ?? "(no final answer found)",
    };

    private static List<Message> Turn(Problem problem, string template, IReadOnlyDictionary<string, string> values) =>
        problem.Messages.Where(m => m.Role == MessageRoles.System).Append(Message.User(PromptTemplate.Render(template, values))).ToList();

    // A critic-model call recorded as a critique turn; returns the reply text. Only the execution turn carries a
    // Critique record (the verdict on the current answer), so critique-ability metrics count each verification once.
    private static async Task<string> CriticTurnAsync(TrajectoryBuilder builder, string template, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var reply = await StrategyRun.CriticCallAsync(builder, Turn(builder.Problem, template, values), cancellationToken).ConfigureAwait(false);
        builder.AddTurn(TurnRole.Critique, [reply.Call], reply.Text);
        return reply.Text;
    }

    // A generator call whose answer becomes current (refine turn, committed); the reflection before the new-solution
    // marker is left out of the attempt so that only the solution is scored.
    private static async Task<Attempt> AnswerTurnAsync(TrajectoryBuilder builder, string template, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var context = builder.Context;
        var reply = await builder.CallAsync(context.Generator, ModelRole.Generator, Turn(builder.Problem, template, values), context.Options, 0, TurnRole.Refine, cancellationToken).ConfigureAwait(false);
        var at = reply.Text.LastIndexOf(NewSolutionMarker, StringComparison.OrdinalIgnoreCase);
        var solution = at < 0 ? reply.Text : reply.Text[(at + NewSolutionMarker.Length)..].Trim();
        var attempt = builder.MakeAttempt(solution, reply.Call);
        builder.AddTurn(TurnRole.Refine, [reply.Call], reply.Text, attempt, committed: true);
        return attempt;
    }

    private async Task<(bool Passed, string Trace)> VerifyAsync(TrajectoryBuilder builder, ICodeExecutor? executor, string question, Attempt answer, string code, CancellationToken cancellationToken)
    {
        if (executor is null)
        {
            var values = Values(question, answer);
            values["code"] = code;
            var reply = await StrategyRun.CriticCallAsync(builder, Turn(builder.Problem, Options.ExecutePrompt, values), cancellationToken).ConfigureAwait(false);
            var label = ParseResult(reply.Text);
            var source = builder.Context.CriticModel is null ? CritiqueSource.Self : CritiqueSource.OtherModel;
            builder.AddTurn(TurnRole.Execute, [reply.Call], reply.Text, critique: new Critique(reply.Text, label, source));
            return (label == VerdictLabel.Correct, reply.Text);
        }

        var value = answer.Answer is null ? "None" : ProgramRuns.PythonString(answer.Answer);
        var source2 = code + Harness.Replace("{value}", value, StringComparison.Ordinal);
        var result = await ProgramRuns.RunAsync(executor, source2, Options.TimeoutSeconds, cancellationToken).ConfigureAwait(false);
        var report = ProgramRuns.Report(result, Options.TimeoutSeconds);
        var verdict = result.Status == ExecutionStatus.Ok ? ParseResult(result.Stdout) : VerdictLabel.Incorrect;
        builder.AddTurn(TurnRole.Execute, [], report, critique: new Critique(report, verdict, CritiqueSource.Tool), execution: result);
        return (verdict == VerdictLabel.Correct, report);
    }
}
