using Rethink.Core;
using Rethink.Core.Execution;

namespace Rethink.Strategies;

/// <summary>
/// CRITIC for math (Gou et al., program setting): the model writes a Python program that computes the answer; the
/// program runs through <see cref="StrategyContext.CodeExecutor"/> (required); the model is shown the question, the
/// program and, with the tool, the run's report and answer ("Execution: ... Output: answer = ..."), is asked "What's
/// the problem with the above code?", and then writes a better program, which runs in turn.
/// <para>
/// Answers: a program's answer is the value of its <c>answer</c> variable when it finishes (an epilogue we append
/// prints it on a marked line, normalised as CRITIC's <c>floatify_ans</c>: floats rounded to 5 decimals, the first
/// element of a list), or else the last line it printed; a program that fails, times out or yields nothing
/// has no answer. Committed turns are the <see cref="TurnRole.Execute"/> turns of programs that gave an answer (the
/// first program's turn is committed either way, as a1), with <see cref="Attempt.Text"/> = "Answer: X" (the program
/// itself is in the turns, not in the attempt, so a scorer that reads numbers from the text never picks one out of the
/// code) and <see cref="Attempt.Answer"/> = X. As in CRITIC's evaluation, a program without an answer leaves the
/// previous answer in place, and the next critique looks at the latest program that gave one. A rewritten program
/// identical to the one critiqued (after trimming) is not run again: its earlier result is kept, as CRITIC does.
/// </para>
/// <para>
/// Loop: program (a1); per round: critique turn (critic model), rewrite turn (generator), execute turn; stop
/// <c>no_change</c> when the answer (carried over failed runs) came out unchanged <see cref="CriticOptions.StopAfterUnchanged"/>
/// rounds in a row (CRITIC's "no correction twice"); after <see cref="CriticOptions.MaxRounds"/> rounds stop
/// <c>max_rounds</c>. The CRITIC repository's generation script always runs all rounds and applies the
/// no-correction-twice rule when it evaluates; stopping early gives the same answers at temperature 0 and saves calls.
/// </para>
/// <para>
/// <c>critic-no-tool</c> (<see cref="CriticOptions.UseTool"/> false) is CRITIC's ablation: the critique turn shows the
/// program but no execution report and no answer. The programs still run, because, as in the CRITIC code, the answer
/// of every round is the program's output; only the evidence is hidden from the model.
/// </para>
/// Model output (programs, critiques) and program output are pasted into later prompts: untrusted text
/// (prompt-injection risk). Programs run only through the executor, never in this process. Immutable and thread-safe.
/// </summary>
public sealed class CriticStrategy : Strategy<CriticOptions>
{
    /// <summary>The catalog name of the tool variant.</summary>
    public const string StrategyName = "critic";

    /// <summary>The catalog name of the ablation that hides execution results from the model.</summary>
    public const string NoToolStrategyName = "critic-no-tool";

    /// <summary>The line prefix the appended epilogue prints the <c>answer</c> variable after.</summary>
    public const string AnswerMarker = "@@rethink-answer@@ ";

    /// <summary>The default first turn (placeholder: {question}).</summary>
    public const string DefaultProgramPrompt = """
        Solve the following problem by writing a Python program.

        Problem:
        {question}

        Write one complete Python 3 program in a single ```python code block. The program must compute the result and store the final answer, a number, in a variable named `answer`. It must not read input, files or the network.
        """;

    /// <summary>The default critique turn (placeholders: {question}, {code}, {evidence}).</summary>
    public const string DefaultCritiquePrompt = """
        Question: {question}

        ```python
        {code}
        ```
        {evidence}
        What's the problem with the above code? Check the program against the question step by step: whether it uses every quantity correctly, whether the operations and units are right, and whether the answer is plausible. Describe each problem you find.
        """;

    /// <summary>The default evidence block with the tool (placeholders: {execution}, {answer}).</summary>
    public const string DefaultEvidenceTemplate = """
        Execution: {execution}
        Output: answer = {answer}

        """;

    /// <summary>The default rewrite turn.</summary>
    public const string DefaultRevisePrompt = """
        Here's a better solution: write the corrected program (the same program if you found no problem) as one complete Python 3 program in a single ```python code block that stores the final answer in a variable named `answer`.
        """;

    // Appended to every program so the value of `answer` is reported even when the program prints nothing. The value is
    // normalised as CRITIC's floatify_ans does: a function is called, a dict gives its first value, a list or tuple its
    // first element, and a float is rounded to 5 decimals (so 0.1 + 0.2 reports 0.3), integral floats print as integers.
    private const string Epilogue = """


        # Added by Rethink: report the final answer on a marked line.
        try:
            _rethink_answer = answer
        except NameError:
            pass
        else:
            if callable(_rethink_answer):
                _rethink_answer = _rethink_answer()
            if isinstance(_rethink_answer, dict) and _rethink_answer:
                _rethink_answer = list(_rethink_answer.values())[0]
            elif isinstance(_rethink_answer, (list, tuple)) and _rethink_answer:
                _rethink_answer = _rethink_answer[0]
            if isinstance(_rethink_answer, float):
                try:
                    _rethink_answer = round(_rethink_answer * 1e5) / 1e5
                    if _rethink_answer.is_integer():
                        _rethink_answer = int(_rethink_answer)
                except (OverflowError, ValueError):
                    pass
            print("\n@@rethink-answer@@ " + str(_rethink_answer), flush=True)

        """;

    internal static readonly IReadOnlyList<SettingBinding<CriticOptions>> Bindings =
    [
        Bind.Int<CriticOptions>("max_rounds", "Critique-and-rewrite rounds after the first program.", 1, CriticOptions.MaxRoundsLimit, o => o.MaxRounds, (o, v) => o with { MaxRounds = v }),
        Bind.Int<CriticOptions>("stop_after_unchanged", "Stop once the answer was unchanged this many rounds in a row (0: never).", 0, CriticOptions.MaxRoundsLimit, o => o.StopAfterUnchanged, (o, v) => o with { StopAfterUnchanged = v }),
        Bind.Int<CriticOptions>("timeout_seconds", "Wall-clock limit of each program run, in seconds.", 1, CriticOptions.TimeoutSecondsLimit, o => o.TimeoutSeconds, (o, v) => o with { TimeoutSeconds = v }),
        Bind.Text<CriticOptions>("program_prompt", "First turn asking for a program; placeholder {question}.", o => o.ProgramPrompt, (o, v) => o with { ProgramPrompt = v }),
        Bind.Text<CriticOptions>("critique_prompt", "Critique turn; placeholders {question}, {code}, {evidence}.", o => o.CritiquePrompt, (o, v) => o with { CritiquePrompt = v }),
        Bind.Text<CriticOptions>("evidence_template", "Execution evidence in the critique turn (tool variant only); placeholders {execution}, {answer}.", o => o.EvidenceTemplate, (o, v) => o with { EvidenceTemplate = v }),
        Bind.Text<CriticOptions>("revise_prompt", "Turn asking for a better program after the critique.", o => o.RevisePrompt, (o, v) => o with { RevisePrompt = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming a bad option.</summary>
    public CriticStrategy(CriticOptions? options = null)
        : base(options ?? new CriticOptions(), Bindings)
    {
        Bounds.Check(Options.MaxRounds, 1, CriticOptions.MaxRoundsLimit, nameof(CriticOptions.MaxRounds));
        Bounds.Check(Options.StopAfterUnchanged, 0, CriticOptions.MaxRoundsLimit, nameof(CriticOptions.StopAfterUnchanged));
        Bounds.Check(Options.TimeoutSeconds, 1, CriticOptions.TimeoutSecondsLimit, nameof(CriticOptions.TimeoutSeconds));
        PromptTemplate.RequirePlaceholders(Options.ProgramPrompt, nameof(CriticOptions.ProgramPrompt), "question");
        PromptTemplate.RequirePlaceholders(Options.CritiquePrompt, nameof(CriticOptions.CritiquePrompt), "question", "code", "evidence");
        PromptTemplate.RequirePlaceholders(Options.EvidenceTemplate, nameof(CriticOptions.EvidenceTemplate), "execution", "answer");
        PromptTemplate.RequireText(Options.RevisePrompt, nameof(CriticOptions.RevisePrompt));
    }

    /// <inheritdoc />
    public override string Name => Options.UseTool ? StrategyName : NoToolStrategyName;

    /// <summary>
    /// The answer a finished run reports: the text after the last <see cref="AnswerMarker"/> line, else the last
    /// non-blank line of standard output; null when the run did not end <see cref="ExecutionStatus.Ok"/> or printed
    /// nothing.
    /// </summary>
    public static string? AnswerOf(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status != ExecutionStatus.Ok)
        {
            return null;
        }

        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        var marked = lines.LastOrDefault(l => l.StartsWith(AnswerMarker, StringComparison.Ordinal));
        var answer = marked is not null ? marked[AnswerMarker.Length..] : lines.LastOrDefault(l => l.Trim().Length > 0);
        answer = answer?.Trim();
        return string.IsNullOrEmpty(answer) ? null : answer;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The context has no <see cref="StrategyContext.CodeExecutor"/> (thrown before any call).</exception>
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        var executor = ProgramRuns.RequireExecutor(context, Name, "the model's programs compute its answers");
        return RunGuardedAsync(problem, context, async builder =>
        {
            var question = StrategyRun.QuestionText(problem);
            var system = problem.Messages.Where(m => m.Role == MessageRoles.System).ToList();
            var first = system.Append(Message.User(PromptTemplate.Render(Options.ProgramPrompt, new Dictionary<string, string> { ["question"] = question }))).ToList();
            var reply = await builder.CallAsync(context.Generator, ModelRole.Generator, first, context.Options, 0, TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            builder.AddTurn(TurnRole.Generate, [reply.Call], reply.Text);
            var critiqued = await ExecuteAsync(builder, executor, reply, null, first: true, cancellationToken).ConfigureAwait(false);
            var answer = critiqued.Answer;
            var unchanged = 0;
            for (var round = 0; round < Options.MaxRounds; round++)
            {
                var evidence = Options.UseTool
                    ? PromptTemplate.Render(Options.EvidenceTemplate, new Dictionary<string, string> { ["execution"] = critiqued.Report, ["answer"] = critiqued.Answer ?? "None" })
                    : string.Empty;
                var critiqueTurn = system.Append(Message.User(PromptTemplate.Render(Options.CritiquePrompt, new Dictionary<string, string>
                {
                    ["question"] = question,
                    ["code"] = critiqued.Code,
                    ["evidence"] = evidence,
                }))).ToList();
                var critiqueReply = await StrategyRun.CriticCallAsync(builder, critiqueTurn, cancellationToken).ConfigureAwait(false);
                // No Critique record: CRITIC's critique is free text without a verdict, and critique-ability metrics
                // would count it as an unparseable one.
                builder.AddTurn(TurnRole.Critique, [critiqueReply.Call], critiqueReply.Text);

                var reviseTurn = critiqueTurn.Append(Message.Assistant(critiqueReply.Text)).Append(Message.User(Options.RevisePrompt)).ToList();
                var revised = await builder.CallAsync(context.Generator, ModelRole.Generator, reviseTurn, context.Options, 0, TurnRole.Refine, cancellationToken).ConfigureAwait(false);
                builder.AddTurn(TurnRole.Refine, [revised.Call], revised.Text);
                var run = await ExecuteAsync(builder, executor, revised, critiqued, first: false, cancellationToken).ConfigureAwait(false);

                // CRITIC's evaluation carries the previous answer over a round without one, and critiques the latest
                // program that gave an answer.
                var next = run.Answer ?? answer;
                unchanged = SameAnswer(context, answer, next) ? unchanged + 1 : 0;
                answer = next;
                if (run.Answer is not null)
                {
                    critiqued = run;
                }

                if (Options.StopAfterUnchanged > 0 && unchanged >= Options.StopAfterUnchanged)
                {
                    return builder.Finish(StopReasons.NoChange);
                }
            }

            return builder.Finish(StopReasons.MaxRounds);
        }, cancellationToken);
    }

    private static bool SameAnswer(StrategyContext context, string? a, string? b) =>
        a is null || b is null
            ? a is null && b is null
            : string.Equals(context.Extractor.Normalize(a), context.Extractor.Normalize(b), StringComparison.Ordinal);

    private static Attempt AttemptOf(ProgramRun run, ModelReply reply) =>
        new(run.Answer is null ? "No answer: the program did not produce one." : "Answer: " + run.Answer, run.Answer, reply.Call.Usage);

    // Runs the program in the reply (or keeps the previous result when the program did not change) and records the
    // execute turn; committed when it gave an answer, and always for the first program (a1).
    private async Task<ProgramRun> ExecuteAsync(TrajectoryBuilder builder, ICodeExecutor executor, ModelReply reply, ProgramRun? previous, bool first, CancellationToken cancellationToken)
    {
        var code = CodeBlocks.ExtractPython(reply.Text) ?? reply.Text;
        ProgramRun run;
        string output;
        ExecutionResult? execution = null;
        if (previous is not null && string.Equals(previous.Code.Trim(), code.Trim(), StringComparison.Ordinal))
        {
            run = previous;
            output = "The program is unchanged; its earlier result stands.\n" + run.Report;
        }
        else
        {
            var result = await ProgramRuns.RunAsync(executor, code + Epilogue, Options.TimeoutSeconds, cancellationToken).ConfigureAwait(false);
            var stdout = string.Join('\n', result.Stdout.ReplaceLineEndings("\n").Split('\n').Where(l => !l.StartsWith(AnswerMarker, StringComparison.Ordinal)));
            run = new ProgramRun(code, AnswerOf(result), ProgramRuns.Report(result, Options.TimeoutSeconds, stdout));
            output = run.Report;
            execution = result;
        }

        var commit = first || run.Answer is not null;
        builder.AddTurn(TurnRole.Execute, [], output + "\nAnswer: " + (run.Answer ?? "None"), commit ? AttemptOf(run, reply) : null, committed: commit, execution: execution);
        return run;
    }

    private sealed record ProgramRun(string Code, string? Answer, string Report);
}
