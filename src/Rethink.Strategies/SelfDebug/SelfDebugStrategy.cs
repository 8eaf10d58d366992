using System.Text;
using Rethink.Core;
using Rethink.Core.Execution;

namespace Rethink.Strategies;

/// <summary>
/// Self-Debugging (Chen et al.) for code problems: the model writes code; the code runs with the problem's visible
/// tests through <see cref="StrategyContext.CodeExecutor"/> (required); if every test passes stop
/// <see cref="StopTestsPassed"/>; otherwise the failures (which test, the error and the actual value, the traceback
/// tail, the program's output, or the timeout) go back to the model, which explains its code line by line (critic
/// model, "rubber duck") and then writes fixed code; after <see cref="SelfDebugOptions.MaxRounds"/> fixes stop
/// <c>max_rounds</c>.
/// <para>
/// Tests: <c>Problem.Metadata["visible_tests"]</c> (Python source; each top-level assert is one test, other
/// statements are setup); without it, the <c>&gt;&gt;&gt; call</c> / expected-value examples of the prompt
/// (<c>Metadata["code_prompt"]</c>, else the question), each checked as <c>assert (call) == (expected)</c> (a bare
/// expression statement such as <c>check(f)</c> also counts as a test: it passes when it raises nothing); examples
/// whose expected value is not a Python expression are skipped. With no tests at all the code only runs to see that it
/// loads, and a clean load stops with <see cref="StopNoTests"/>. The hidden tests (<see cref="Reference.Tests"/>, plus
/// <c>check(entry_point)</c> when they define <c>check</c>) are used only with <see cref="SelfDebugOptions.Tests"/> =
/// hidden, which makes the feedback an oracle and marks the trajectory <see cref="Trajectory.SawVerifier"/>; that is
/// the only place this strategy reads the reference.
/// </para>
/// <para>
/// Program: the entry point is the last function the code prompt (<c>Metadata["code_prompt"]</c>, HumanEval's
/// signature and docstring) defines; the code is the last fenced python (or untagged) block of the reply that defines
/// it, else the last python block, else the whole reply. Code that defines the entry point itself (a whole function,
/// perhaps with imports and helpers) follows the prompt (prompt, blank lines, code), so the prompt's imports stay in
/// scope and the model's definition wins; other code continues the prompt's function body (prompt + code). Without a
/// code prompt the code is the program. These are the rules of the execution verifier in Rethink.Verifiers, so the
/// loop tests the same program that is scored. The test harness is appended after the program. Committed turns are the model's code
/// turns (Generate, then Refine) with <see cref="Attempt.Answer"/> = the extracted code (completion or whole function,
/// before combination: what a HumanEval-style execution verifier scores) and <see cref="Attempt.Text"/> = the reply.
/// </para>
/// The passed check trusts the harness's summary line; model code that prints a fake summary and exits early fools
/// only this loop, not scoring, which runs its own harness. Model output, test output and tracebacks are pasted into
/// later prompts: untrusted text. Code runs only through the executor, never in this process. Immutable and
/// thread-safe.
/// </summary>
public sealed class SelfDebugStrategy : Strategy<SelfDebugOptions>
{
    /// <summary>The catalog name.</summary>
    public const string StrategyName = "self-debug";

    /// <summary>Stop reason: every test passed.</summary>
    public const string StopTestsPassed = "tests_passed";

    /// <summary>Stop reason: the problem has no tests to run and the code loaded without error.</summary>
    public const string StopNoTests = "no_tests";

    /// <summary>The metadata key of the visible tests.</summary>
    public const string VisibleTestsKey = "visible_tests";

    /// <summary>The metadata key of the code prompt (HumanEval's <c>prompt</c>).</summary>
    public const string CodePromptKey = "code_prompt";

    /// <summary>The line prefix of the harness's summary ("N of M passed").</summary>
    public const string SummaryMarker = "@@rethink-tests@@ ";

    /// <summary>The default explain turn (placeholder: {feedback}).</summary>
    public const string DefaultExplainPrompt = """
        Your code did not pass the tests. This is what happened when it ran:
        {feedback}

        Explain your code line by line, then explain why it fails the tests above.
        """;

    /// <summary>The default fix turn.</summary>
    public const string DefaultFixPrompt = """
        Based on your explanation, fix the code. Write the complete corrected code in a single ```python code block.
        """;

    // Appended after the program. Each chunk of test source is parsed on its own; each top-level assert is one test.
    // Everything is flushed as it is printed so that a run killed by the timeout still shows the tests before it.
    private const string Harness = """


        # Added by Rethink: run the tests one statement at a time and report each failure.
        import ast as _rethink_ast
        import traceback as _rethink_tb
        _rethink_chunks = [{chunks}]
        _rethink_total = 0
        _rethink_passed = 0
        for _rethink_chunk in _rethink_chunks:
            try:
                _rethink_nodes = _rethink_ast.parse(_rethink_chunk).body
            except SyntaxError:
                print("Skipped (not valid Python): " + _rethink_chunk.strip(), flush=True)
                continue
            for _rethink_node in _rethink_nodes:
                _rethink_text = _rethink_ast.get_source_segment(_rethink_chunk, _rethink_node) or ""
                _rethink_is_test = isinstance(_rethink_node, _rethink_ast.Assert) or (isinstance(_rethink_node, _rethink_ast.Expr) and not isinstance(_rethink_node.value, _rethink_ast.Constant))
                if _rethink_is_test:
                    _rethink_total += 1
                try:
                    exec(compile(_rethink_ast.Module(body=[_rethink_node], type_ignores=[]), "<tests>", "exec"), globals())
                except BaseException as _rethink_e:
                    print(("Test failed: " if _rethink_is_test else "Test setup failed: ") + _rethink_text, flush=True)
                    print("  " + type(_rethink_e).__name__ + ((": " + str(_rethink_e)) if str(_rethink_e) else ""), flush=True)
                    if _rethink_is_test and isinstance(_rethink_e, AssertionError) and isinstance(_rethink_node.test, _rethink_ast.Compare):
                        _rethink_left = _rethink_ast.get_source_segment(_rethink_chunk, _rethink_node.test.left) or "the left side"
                        try:
                            _rethink_value = eval(compile(_rethink_ast.Expression(body=_rethink_node.test.left), "<tests>", "eval"), globals())
                            print("  " + _rethink_left + " returned " + repr(_rethink_value)[:500], flush=True)
                        except BaseException as _rethink_e2:
                            print("  evaluating " + _rethink_left + " raised " + type(_rethink_e2).__name__, flush=True)
                    elif not isinstance(_rethink_e, AssertionError):
                        _rethink_lines = _rethink_tb.format_exception(_rethink_e)
                        print("  Traceback (last lines):\n" + "".join(_rethink_lines[-3:]).rstrip()[-1500:], flush=True)
                else:
                    if _rethink_is_test:
                        _rethink_passed += 1
                        print("Test passed: " + _rethink_text, flush=True)
        print("@@rethink-tests@@ " + str(_rethink_passed) + " of " + str(_rethink_total) + " passed", flush=True)

        """;

    internal static readonly IReadOnlyList<SettingBinding<SelfDebugOptions>> Bindings =
    [
        Bind.Int<SelfDebugOptions>("max_rounds", "Explain-and-fix rounds at most after failed test runs.", 1, SelfDebugOptions.MaxRoundsLimit, o => o.MaxRounds, (o, v) => o with { MaxRounds = v }),
        Bind.Enum<SelfDebugOptions, SelfDebugTests>("tests", "Tests run and shown: visible, or hidden (oracle feedback).", o => o.Tests, (o, v) => o with { Tests = v }),
        Bind.Int<SelfDebugOptions>("timeout_seconds", "Wall-clock limit of each test run, in seconds.", 1, SelfDebugOptions.TimeoutSecondsLimit, o => o.TimeoutSeconds, (o, v) => o with { TimeoutSeconds = v }),
        Bind.Text<SelfDebugOptions>("explain_prompt", "Turn after a failed run asking for an explanation; placeholder {feedback}.", o => o.ExplainPrompt, (o, v) => o with { ExplainPrompt = v }),
        Bind.Text<SelfDebugOptions>("fix_prompt", "Turn after the explanation asking for fixed code.", o => o.FixPrompt, (o, v) => o with { FixPrompt = v }),
    ];

    /// <summary>Creates the strategy; throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming a bad option.</summary>
    public SelfDebugStrategy(SelfDebugOptions? options = null)
        : base(options ?? new SelfDebugOptions(), Bindings)
    {
        Bounds.Check(Options.MaxRounds, 1, SelfDebugOptions.MaxRoundsLimit, nameof(SelfDebugOptions.MaxRounds));
        Bounds.Check(Options.TimeoutSeconds, 1, SelfDebugOptions.TimeoutSecondsLimit, nameof(SelfDebugOptions.TimeoutSeconds));
        PromptTemplate.RequirePlaceholders(Options.ExplainPrompt, nameof(SelfDebugOptions.ExplainPrompt), "feedback");
        PromptTemplate.RequireText(Options.FixPrompt, nameof(SelfDebugOptions.FixPrompt));
    }

    /// <inheritdoc />
    public override string Name => StrategyName;

    /// <summary>
    /// The doctest examples of <paramref name="prompt"/> as test statements: a <c>&gt;&gt;&gt; expr</c> line followed
    /// by a one-line expected value gives <c>assert (expr) == (expected)</c>; a <c>&gt;&gt;&gt;</c> line without one
    /// (an assignment, say) is kept as setup. Examples whose expected output spans several lines are skipped.
    /// </summary>
    public static IReadOnlyList<string> DoctestExamples(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var lines = prompt.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).ToList();
        var tests = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith(">>>", StringComparison.Ordinal))
            {
                continue;
            }

            var expr = lines[i][3..].Trim();
            if (expr.Length == 0)
            {
                continue;
            }

            var expected = new List<string>();
            for (var j = i + 1; j < lines.Count && IsOutputLine(lines[j]); j++)
            {
                expected.Add(lines[j]);
            }

            if (expected.Count == 0)
            {
                tests.Add(expr);
            }
            else if (expected.Count == 1)
            {
                tests.Add($"assert ({expr}) == ({expected[0]})");
            }
        }

        return tests;
    }

    /// <summary>
    /// The program that is run: the code after the problem's code prompt (see the class remarks), or the code alone when
    /// there is none.
    /// </summary>
    public static string Combine(string? codePrompt, string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (string.IsNullOrWhiteSpace(codePrompt))
        {
            return code;
        }

        var entryPoint = CodeBlocks.LastFunctionName(codePrompt);
        var whole = entryPoint is not null ? CodeBlocks.DefinesFunction(code, entryPoint) : !CodeBlocks.IsContinuation(code);
        return whole ? codePrompt.TrimEnd() + "\n\n\n" + code : codePrompt + code;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">
    /// The context has no <see cref="StrategyContext.CodeExecutor"/>, or hidden tests were asked for and the problem has
    /// none (thrown before any call).
    /// </exception>
    public override Task<Trajectory> RunAsync(Problem problem, StrategyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(context);
        var executor = ProgramRuns.RequireExecutor(context, Name, "it runs the code with the problem's tests");
        var chunks = TestChunks(problem);
        problem.Metadata.TryGetValue(CodePromptKey, out var codePrompt);
        var entryPoint = string.IsNullOrWhiteSpace(codePrompt) ? null : CodeBlocks.LastFunctionName(codePrompt);
        return RunGuardedAsync(problem, context, async builder =>
        {
            var conversation = problem.Messages.ToList();
            var reply = await builder.CallAsync(context.Generator, ModelRole.Generator, conversation.ToList(), context.Options, 0, TurnRole.Generate, cancellationToken).ConfigureAwait(false);
            for (var round = 0; ; round++)
            {
                var code = CodeBlocks.ExtractPython(reply.Text, entryPoint) ?? reply.Text;
                builder.AddTurn(round == 0 ? TurnRole.Generate : TurnRole.Refine, [reply.Call], reply.Text, new Attempt(reply.Text, code, reply.Call.Usage), committed: true);
                var source = Combine(codePrompt, code) + Harness.Replace("{chunks}", string.Join(", ", chunks.Select(ProgramRuns.PythonString)), StringComparison.Ordinal);
                var result = await ProgramRuns.RunAsync(executor, source, Options.TimeoutSeconds, cancellationToken).ConfigureAwait(false);
                var (passed, total, stdout) = Summary(result);
                var report = ProgramRuns.Report(result, Options.TimeoutSeconds, stdout);
                var ok = result.Status == ExecutionStatus.Ok && passed is not null && passed == total;
                var label = ok ? VerdictLabel.Correct : VerdictLabel.Incorrect;
                builder.AddTurn(TurnRole.Execute, [], report, critique: new Critique(report, label, CritiqueSource.Tool), execution: result);
                if (ok)
                {
                    return builder.Finish(total == 0 ? StopNoTests : StopTestsPassed);
                }

                if (round == Options.MaxRounds)
                {
                    return builder.Finish(StopReasons.MaxRounds);
                }

                conversation.Add(Message.Assistant(reply.Text));
                conversation.Add(Message.User(PromptTemplate.Render(Options.ExplainPrompt, new Dictionary<string, string> { ["feedback"] = report })));
                var explanation = await StrategyRun.CriticCallAsync(builder, conversation.ToList(), cancellationToken).ConfigureAwait(false);
                // The test run's Critique is the verdict; the explanation is free text and gets no record.
                builder.AddTurn(TurnRole.Critique, [explanation.Call], explanation.Text);
                conversation.Add(Message.Assistant(explanation.Text));
                conversation.Add(Message.User(Options.FixPrompt));
                reply = await builder.CallAsync(context.Generator, ModelRole.Generator, conversation.ToList(), context.Options, 0, TurnRole.Refine, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken, sawVerifier: Options.Tests == SelfDebugTests.Hidden);
    }

    private static bool IsOutputLine(string line) =>
        line.Length > 0 && !line.StartsWith(">>>", StringComparison.Ordinal) && !line.Contains("\"\"\"", StringComparison.Ordinal) && !line.Contains("'''", StringComparison.Ordinal);

    // The harness's summary (passed, total) and the output without the summary line; nulls when there is no summary.
    private static (int? Passed, int? Total, string Stdout) Summary(ExecutionResult result)
    {
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        var summary = lines.LastOrDefault(l => l.StartsWith(SummaryMarker, StringComparison.Ordinal));
        var rest = string.Join('\n', lines.Where(l => !l.StartsWith(SummaryMarker, StringComparison.Ordinal)));
        if (summary is null)
        {
            return (null, null, rest);
        }

        var parts = summary[SummaryMarker.Length..].Split(' ');
        return parts.Length >= 3
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var passed)
            && int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var total)
            ? (passed, total, rest.TrimEnd('\n') + "\n" + summary[SummaryMarker.Length..])
            : (null, null, rest);
    }

    private List<string> TestChunks(Problem problem)
    {
        if (Options.Tests == SelfDebugTests.Hidden)
        {
            // The oracle setting: the scoring tests themselves (the only read of the reference in this strategy).
            var tests = problem.Reference.Tests;
            if (string.IsNullOrWhiteSpace(tests))
            {
                throw new InvalidOperationException($"Strategy '{Name}' was asked to use the hidden tests (tests=hidden), but problem '{problem.Id}' has no reference tests.");
            }

            var sb = new StringBuilder(tests.TrimEnd()).Append('\n');
            if (problem.Reference.EntryPoint is { Length: > 0 } entry && tests.Contains("def check(", StringComparison.Ordinal))
            {
                sb.Append("check(").Append(entry).Append(")\n");
            }

            return [sb.ToString()];
        }

        if (problem.Metadata.TryGetValue(VisibleTestsKey, out var visible) && !string.IsNullOrWhiteSpace(visible))
        {
            return [visible];
        }

        var prompt = problem.Metadata.TryGetValue(CodePromptKey, out var codePrompt) && !string.IsNullOrWhiteSpace(codePrompt) ? codePrompt : problem.Question;
        return DoctestExamples(prompt).ToList();
    }
}
