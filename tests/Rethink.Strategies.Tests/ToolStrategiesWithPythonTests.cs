using Rethink.Core;
using Rethink.Core.Execution;
using Rethink.Testing;
using static Rethink.Strategies.Tests.Fixture;

namespace Rethink.Strategies.Tests;

/// <summary>
/// The tool strategies against real programs: python3 in a child process (never in the test process), with programs
/// written by these tests. They check what the scripted executor cannot: that the appended epilogue and harnesses are
/// valid Python and report what the strategies parse.
/// </summary>
public class ToolStrategiesWithPythonTests
{
    private static readonly ChildProcessPythonExecutor Python = new();

    private static string Fenced(string code) => $"```python\n{code}\n```";

    [Fact]
    public async Task Critic_reads_the_answer_variable_keeps_unchanged_programs_and_stops_after_two_unchanged_answers()
    {
        var gen = new ScriptedChatClient(
            Fenced("print('debugging')\nanswer = 17 * 23 + 1"),
            "The + 1 is wrong.",
            Fenced("answer = 17 * 23"),
            "Looks right.",
            Fenced("answer = 17 * 23"),
            "Still right.",
            Fenced("x = 17 * 23\nanswer = float(x)"));
        var t = await new CriticStrategy().RunAsync(Problem("What is 17 * 23?"), Context(gen, executor: Python));

        Assert.Equal(["392", "391", "391", "391"], CommittedAnswers(t));
        Assert.Equal(StopReasons.NoChange, t.StopReason);
        Assert.Equal(3, t.Turns.Count(x => x.Execution is not null));
        Assert.Contains("Standard output:\ndebugging", gen.Requests[1].LastUserText, StringComparison.Ordinal);
        Assert.Contains("Output: answer = 392", gen.Requests[1].LastUserText, StringComparison.Ordinal);
        Assert.All(t.Turns.Where(x => x.Execution is not null), x => Assert.Equal(ExecutionIsolation.UnsafeLocal, x.Execution!.Isolation));
    }

    [Theory]
    [InlineData("answer = 0.1 + 0.2", "0.3")]
    [InlineData("answer = 10 / 4", "2.5")]
    [InlineData("answer = 2 / 3", "0.66667")]
    [InlineData("answer = float('inf')", "inf")]
    [InlineData("def answer():\n    return 7", "7")]
    [InlineData("answer = [4.0, 5]", "4")]
    [InlineData("answer = {'x': 8}", "8")]
    [InlineData("answer = 'forty'", "forty")]
    public async Task Critic_normalises_the_answer_variable_as_CRITIC_does(string program, string expected)
    {
        var gen = new ScriptedChatClient(Fenced(program), "Fine.", Fenced(program));
        var t = await new CriticStrategy(new CriticOptions { MaxRounds = 1 }).RunAsync(Problem(), Context(gen, executor: Python));
        Assert.Equal(expected, t.CommittedAttempts[0].Answer);
    }

    [Fact]
    public async Task Critic_reports_a_real_traceback_and_a_real_timeout()
    {
        var gen = new ScriptedChatClient(
            Fenced("apples = 0\nanswer = 12 / apples"),
            "Division by zero.",
            Fenced("while True:\n    pass"),
            "It never ends.",
            Fenced("print(6)"));
        var t = await new CriticStrategy(new CriticOptions { TimeoutSeconds = 1, MaxRounds = 2 }).RunAsync(Problem(), Context(gen, executor: Python));

        Assert.Contains("ZeroDivisionError: division by zero", gen.Requests[1].LastUserText, StringComparison.Ordinal);
        Assert.Contains("Output: answer = None", gen.Requests[1].LastUserText, StringComparison.Ordinal);
        var timedOut = t.Turns.Where(x => x.Execution is not null).ElementAt(1);
        Assert.Equal(ExecutionStatus.Timeout, timedOut.Execution!.Status);
        Assert.Contains("Timed out after 1 s", timedOut.Output, StringComparison.Ordinal);

        // A program that only prints: its last printed line is the answer.
        Assert.Equal([null, "6"], CommittedAnswers(t));
    }

    [Fact]
    public async Task Self_debug_feeds_real_test_failures_back_and_stops_when_the_doctests_pass()
    {
        const string prompt = "def running_max(xs):\n    \"\"\"Running maximum.\n    >>> running_max([1, 3, 2])\n    [1, 3, 3]\n    >>> running_max([])\n    []\n    \"\"\"\n";
        var problem = new Problem
        {
            Id = "running-max",
            Messages = [Message.User("Complete the function.\n\n```python\n" + prompt + "```")],
            Reference = new Reference { Kind = AnswerKind.Code, Tests = "def check(candidate):\n    assert candidate([2, 1]) == [2, 2]\n", EntryPoint = "running_max" },
            Metadata = new Dictionary<string, string> { ["code_prompt"] = prompt },
        };
        var gen = new ScriptedChatClient(
            Fenced("    return [max(xs[:i]) for i in range(1, len(xs))]"),
            "The range stops one short.",
            Fenced("    out = []\n    for x in xs:\n        out.append(x if not out else max(out[-1], x))\n    return out"));
        var t = await new SelfDebugStrategy().RunAsync(problem, Context(gen, executor: Python));

        Assert.Equal(SelfDebugStrategy.StopTestsPassed, t.StopReason);
        var feedback = gen.Requests[1].LastUserText;
        Assert.Contains("Test failed: assert (running_max([1, 3, 2])) == ([1, 3, 3])", feedback, StringComparison.Ordinal);
        Assert.Contains("running_max([1, 3, 2]) returned [1, 3]", feedback, StringComparison.Ordinal);
        Assert.Contains("Test passed: assert (running_max([])) == ([])", feedback, StringComparison.Ordinal);
        Assert.Contains("1 of 2 passed", feedback, StringComparison.Ordinal);
        Assert.Contains("2 of 2 passed", t.Turns[^1].Output, StringComparison.Ordinal);

        // The hidden check(candidate) runs only with tests=hidden.
        var hidden = new ScriptedChatClient(Fenced("    return list(xs)"), "Not a running max.", Fenced("def running_max(xs):\n    import itertools\n    return list(itertools.accumulate(xs, max))"));
        var oracle = await new SelfDebugStrategy(new SelfDebugOptions { Tests = SelfDebugTests.Hidden }).RunAsync(problem, Context(hidden, executor: Python));
        Assert.Equal(SelfDebugStrategy.StopTestsPassed, oracle.StopReason);
        Assert.True(oracle.SawVerifier);
        Assert.Contains("Test failed: check(running_max)", hidden.Requests[1].LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Self_debug_reports_exceptions_with_their_traceback_and_an_early_exit_is_no_pass()
    {
        var problem = new Problem
        {
            Id = "half",
            Messages = [Message.User("Write half(x).")],
            Metadata = new Dictionary<string, string> { ["visible_tests"] = "import math\nassert half(4) == 2\nassert half(None) is None\n" },
        };
        var gen = new ScriptedChatClient(
            Fenced("import sys\ndef half(x):\n    return x / 2\nsys.exit(0)"),
            "It exits before the tests.",
            Fenced("def half(x):\n    return x / 2"),
            "None cannot be halved.",
            Fenced("def half(x):\n    return None if x is None else x / 2"));
        var t = await new SelfDebugStrategy().RunAsync(problem, Context(gen, executor: Python));

        Assert.Equal(SelfDebugStrategy.StopTestsPassed, t.StopReason);
        Assert.Equal(3, t.Turns.Count(x => x.Role == TurnRole.Execute));
        Assert.DoesNotContain("passed", t.Turns[1].Output, StringComparison.Ordinal);
        var second = gen.Requests[3].LastUserText;
        Assert.Contains("Test failed: assert half(None) is None", second, StringComparison.Ordinal);
        Assert.Contains("TypeError: unsupported operand type(s) for /: 'NoneType' and 'int'", second, StringComparison.Ordinal);
        Assert.Contains("Traceback (last lines):", second, StringComparison.Ordinal);
        Assert.Contains("1 of 2 passed", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgCo_runs_a_real_verification_program_in_sandbox_mode()
    {
        var gen = new ScriptedChatClient("Answer: 6");
        gen.WhenContains("expert in reverse-reasoning verification", Fenced("def verify(answer):\n    return answer - 3 == 2"));
        gen.WhenContains("failed its verification", "6 - 3 is 3, not 2.");
        gen.WhenContains("Your previous solution:", "[New Solution]\nAnswer: 5");
        gen.WhenContains("[New Verification Code]", "[New Verification Code]\n" + Fenced("def verify(answer):\n    return answer - 3 == 2"));
        gen.WhenContains("Solution B:", "[Key Points to Note]\n1. 2 + 3 is 5.");
        gen.WhenContains("Key points to note when solving", "Answer: 5");
        var t = await new ProgCoStrategy(new ProgCoOptions { Execution = ProgCoExecution.Sandbox }).RunAsync(Problem(), Context(gen, executor: Python));

        Assert.Equal(StopReasons.CriticAccepted, t.StopReason);
        Assert.Equal(["6", "5", "5"], CommittedAnswers(t));
        var runs = t.Turns.Where(x => x.Execution is not null).ToList();
        Assert.Equal(2, runs.Count);
        Assert.Contains("[Verification Result] False", runs[0].Output, StringComparison.Ordinal);
        Assert.Contains("[Verification Result] True", runs[1].Output, StringComparison.Ordinal);
    }
}
