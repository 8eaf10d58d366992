using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

public class SelfDebugStrategyTests
{
    private const string Wrong = "def add(a, b):\n    return a - b";
    private const string Right = "def add(a, b):\n    return a + b";
    private const string HiddenTests = "def check(candidate):\n    assert candidate(2, 2) == 4  # HIDDEN-SENTINEL\n";

    private static Problem CodeProblem(IReadOnlyDictionary<string, string>? metadata = null) => new()
    {
        Id = "add",
        Messages = [Message.User("Write a function add(a, b) that returns the sum of a and b.")],
        Reference = new Reference { Kind = AnswerKind.Code, Tests = HiddenTests, EntryPoint = "add" },
        Metadata = metadata ?? new Dictionary<string, string> { ["visible_tests"] = "assert add(1, 2) == 3\n" },
    };

    private static string Fenced(string code) => $"```python\n{code}\n```";

    private static ExecutionResult Tests(int passed, int total, string lines = "") =>
        ScriptedCodeExecutor.Ok(lines + $"{SelfDebugStrategy.SummaryMarker}{passed} of {total} passed\n");

    [Fact]
    public async Task Failures_go_back_the_model_explains_and_fixes_until_the_visible_tests_pass()
    {
        var gen = new ScriptedChatClient("Here you go:\n" + Fenced(Wrong), "Line 2 subtracts instead of adding.", Fenced(Right));
        var exec = new ScriptedCodeExecutor(
            Tests(0, 1, "Test failed: assert add(1, 2) == 3\n  AssertionError\n  add(1, 2) returned -1\n"),
            Tests(1, 1, "Test passed: assert add(1, 2) == 3\n"));
        var t = await new SelfDebugStrategy().RunAsync(CodeProblem(), Context(gen, executor: exec));

        Assert.Equal(SelfDebugStrategy.StopTestsPassed, t.StopReason);
        Assert.False(t.SawVerifier);
        Assert.Equal([Wrong, Right], CommittedAnswers(t));
        Assert.Equal(Fenced(Right), t.Final.Text);
        Assert.Equal(
            [TurnRole.Generate, TurnRole.Execute, TurnRole.Critique, TurnRole.Refine, TurnRole.Execute],
            t.Turns.Select(x => x.Role));
        Assert.Equal(VerdictLabel.Incorrect, t.Turns[1].Critique!.Label);
        Assert.Equal(VerdictLabel.Correct, t.Turns[4].Critique!.Label);
        Assert.Equal(2, t.Turns.Count(x => x.Critique is not null));

        // The explain turn carries the failing test and the actual value, in the same conversation.
        var explain = gen.Requests[1];
        Assert.Equal("Critic", explain.ModelRole);
        Assert.Equal("Here you go:\n" + Fenced(Wrong), explain.AsMessages[^2].Text);
        Assert.Contains("Test failed: assert add(1, 2) == 3", explain.LastUserText, StringComparison.Ordinal);
        Assert.Contains("add(1, 2) returned -1", explain.LastUserText, StringComparison.Ordinal);
        Assert.Contains("0 of 1 passed", explain.LastUserText, StringComparison.Ordinal);
        Assert.DoesNotContain(SelfDebugStrategy.SummaryMarker, explain.LastUserText, StringComparison.Ordinal);
        Assert.Equal(SelfDebugStrategy.DefaultFixPrompt, gen.Requests[2].LastUserText);
        Assert.Equal("Line 2 subtracts instead of adding.", gen.Requests[2].AsMessages[^2].Text);

        // The program is the code followed by the harness with the visible tests as data; never the hidden tests.
        Assert.StartsWith(Wrong + "\n", exec.Requests[0].Source, StringComparison.Ordinal);
        Assert.Contains("_rethink_chunks = [\"assert add(1, 2) == 3\\n\"]", exec.Requests[0].Source, StringComparison.Ordinal);
        Assert.All(exec.Requests, r => Assert.DoesNotContain("HIDDEN-SENTINEL", r.Source, StringComparison.Ordinal));
        Assert.All(gen.Requests, r => Assert.DoesNotContain("HIDDEN-SENTINEL", string.Concat(r.Messages.Select(m => m.Text)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hidden_tests_only_when_asked_and_then_the_run_is_marked_oracle_assisted()
    {
        var gen = new ScriptedChatClient(Fenced(Right));
        var exec = new ScriptedCodeExecutor(Tests(1, 1));
        var strategy = StrategyCatalog.Create("self-debug", new Dictionary<string, string> { ["tests"] = "hidden" });
        var t = await strategy.RunAsync(CodeProblem(), Context(gen, executor: exec));

        Assert.Equal("hidden", strategy.Settings["tests"]);
        Assert.True(t.SawVerifier);
        var source = Assert.Single(exec.Requests).Source;
        Assert.Contains("HIDDEN-SENTINEL", source, StringComparison.Ordinal);
        Assert.Contains("check(add)\\n", source, StringComparison.Ordinal);
        Assert.DoesNotContain("assert add(1, 2) == 3", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_tests_on_a_problem_without_tests_is_an_error_before_any_call()
    {
        var gen = new ScriptedChatClient(Fenced(Right));
        var problem = CodeProblem() with { Reference = Reference.None };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new SelfDebugStrategy(new SelfDebugOptions { Tests = SelfDebugTests.Hidden }).RunAsync(problem, Context(gen, executor: new ScriptedCodeExecutor(Tests(1, 1)))));
        Assert.Contains("tests=hidden", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, gen.CallCount);
    }

    [Fact]
    public async Task Without_visible_tests_the_doctest_examples_of_the_code_prompt_are_the_tests()
    {
        const string prompt = "def add(a, b):\n    \"\"\"Sum.\n    >>> add(1, 2)\n    3\n    >>> add(-1, 1)\n    0\n    \"\"\"\n";
        var gen = new ScriptedChatClient(Fenced("    return a + b"));
        var exec = new ScriptedCodeExecutor(Tests(2, 2));
        var t = await new SelfDebugStrategy().RunAsync(CodeProblem(new Dictionary<string, string> { ["code_prompt"] = prompt }), Context(gen, executor: exec));

        Assert.Equal(SelfDebugStrategy.StopTestsPassed, t.StopReason);
        var source = exec.Requests[0].Source;
        Assert.StartsWith(prompt + "    return a + b\n", source, StringComparison.Ordinal);
        Assert.Contains("_rethink_chunks = [\"assert (add(1, 2)) == (3)\", \"assert (add(-1, 1)) == (0)\"]", source, StringComparison.Ordinal);
        Assert.Equal("    return a + b", t.Final.Answer);
    }

    [Fact]
    public async Task The_code_is_the_block_that_defines_the_prompts_function_as_the_execution_verifier_reads_it()
    {
        const string prompt = "import math\n\n\ndef helper(x):\n    return x\n\n\ndef add(a, b):\n    \"\"\"Sum.\"\"\"\n";
        var gen = new ScriptedChatClient(Fenced(Right) + "\nFor example:\n" + Fenced("print(add(1, 2))"));
        var exec = new ScriptedCodeExecutor(Tests(1, 1));
        var t = await new SelfDebugStrategy().RunAsync(CodeProblem(new Dictionary<string, string> { ["code_prompt"] = prompt, ["visible_tests"] = "assert add(1, 2) == 3" }), Context(gen, executor: exec));

        Assert.Equal(Right, t.Final.Answer);
        Assert.StartsWith(prompt.TrimEnd() + "\n\n\n" + Right + "\n", exec.Requests[0].Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeouts_and_crashes_are_reported_to_the_model()
    {
        var gen = new ScriptedChatClient(Fenced("def add(a, b):\n    while True: pass"), "It loops forever.", Fenced("def add(a, b)\n    return a + b"), "Missing colon.", Fenced(Right));
        var exec = new ScriptedCodeExecutor(
            ScriptedCodeExecutor.TimedOut(),
            ScriptedCodeExecutor.Error("  File \"main.py\", line 1\n    def add(a, b)\n                 ^\nSyntaxError: expected ':'\n"),
            Tests(1, 1));
        var t = await new SelfDebugStrategy(new SelfDebugOptions { TimeoutSeconds = 2 }).RunAsync(CodeProblem(), Context(gen, executor: exec));

        Assert.Equal(SelfDebugStrategy.StopTestsPassed, t.StopReason);
        Assert.Contains("Timed out after 2 s", gen.Requests[1].LastUserText, StringComparison.Ordinal);
        Assert.Contains("SyntaxError: expected ':'", gen.Requests[3].LastUserText, StringComparison.Ordinal);
        Assert.All(exec.Requests, r => Assert.Equal(TimeSpan.FromSeconds(2), r.Timeout));
    }

    [Fact]
    public async Task Stops_at_the_round_bound()
    {
        var gen = new ScriptedChatClient(r => r.ModelRole == "Critic" ? "Explanation." : Fenced(Wrong));
        var exec = new ScriptedCodeExecutor(Tests(0, 1));
        var t = await new SelfDebugStrategy(new SelfDebugOptions { MaxRounds = 2 }).RunAsync(CodeProblem(), Context(gen, executor: exec));

        Assert.Equal(StopReasons.MaxRounds, t.StopReason);
        Assert.Equal(3, exec.CallCount);
        Assert.Equal(5, gen.CallCount);
        Assert.Equal(3, t.CommittedAttempts.Count);
    }

    [Fact]
    public async Task A_run_without_a_summary_or_with_an_error_status_is_not_a_pass()
    {
        var gen = new ScriptedChatClient(r => r.ModelRole == "Critic" ? "Explanation." : Fenced(Right));
        var exec = new ScriptedCodeExecutor(
            ScriptedCodeExecutor.Ok("nothing\n"),
            ScriptedCodeExecutor.Error("killed", stdout: $"{SelfDebugStrategy.SummaryMarker}1 of 1 passed\n"),
            Tests(1, 1));
        var t = await new SelfDebugStrategy().RunAsync(CodeProblem(), Context(gen, executor: exec));
        Assert.Equal(3, exec.CallCount);
        Assert.Equal(SelfDebugStrategy.StopTestsPassed, t.StopReason);
    }

    [Fact]
    public async Task No_tests_at_all_only_checks_that_the_code_loads()
    {
        var gen = new ScriptedChatClient(Fenced(Right));
        var exec = new ScriptedCodeExecutor(Tests(0, 0));
        var t = await new SelfDebugStrategy().RunAsync(CodeProblem(new Dictionary<string, string>()), Context(gen, executor: exec));
        Assert.Equal(SelfDebugStrategy.StopNoTests, t.StopReason);
        Assert.Contains("_rethink_chunks = []", exec.Requests[0].Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_code_executor_it_fails_before_any_call()
    {
        var gen = new ScriptedChatClient(Fenced(Right));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new SelfDebugStrategy().RunAsync(CodeProblem(), Context(gen)));
        Assert.StartsWith("Strategy 'self-debug' needs code execution", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, gen.CallCount);
    }

    [Fact]
    public void Doctest_examples_become_asserts_setup_lines_stay_and_multi_line_outputs_are_skipped()
    {
        const string prompt = """
            def f(xs):
                '''
                >>> xs = [1, 2]
                >>> f(xs)
                [2, 4]
                >>> print(f([1]))
                [2]
                done
                >>> f([]) == []
                True
                '''
            """;
        Assert.Equal(["xs = [1, 2]", "assert (f(xs)) == ([2, 4])", "assert (f([]) == []) == (True)"], SelfDebugStrategy.DoctestExamples(prompt));
    }

    [Theory]
    [InlineData("    return a + b", "def add(a, b):\n    \"\"\"Doc.\"\"\"\n    return a + b")]
    [InlineData("def add(a, b):\n    return a + b", "def add(a, b):\n    \"\"\"Doc.\"\"\"\n\n\ndef add(a, b):\n    return a + b")]
    public void A_continuation_extends_the_prompt_and_a_whole_function_follows_it(string code, string expected) =>
        Assert.Equal(expected, SelfDebugStrategy.Combine("def add(a, b):\n    \"\"\"Doc.\"\"\"\n", code));

    [Fact]
    public void Without_a_code_prompt_the_code_is_the_program() =>
        Assert.Equal("x = 1", SelfDebugStrategy.Combine(null, "x = 1"));
}
