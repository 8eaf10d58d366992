using Rethink.Core;
using Rethink.Testing;
using Rethink.Verifiers.Code;

namespace Rethink.Verifiers.Tests.Code;

/// <summary>
/// The harness run for real by /usr/bin/python3 in a plain child process (trusted programs only: the hostile samples
/// run in the sandbox, in the CLI tests). Each case is one short process.
/// </summary>
public sealed class HarnessTests
{
    private const string Prompt = "def inc(x):\n    \"\"\"Return x + 1.\"\"\"\n";

    private static readonly Problem HumanEval = new()
    {
        Id = "t/0",
        Messages = [Message.User("complete it")],
        Reference = new Reference
        {
            Kind = AnswerKind.Code,
            Tests = "def check(candidate):\n    assert candidate(1) == 2\n    assert candidate(-1) == 0\n",
            EntryPoint = "inc",
        },
        Metadata = new Dictionary<string, string> { ["code_prompt"] = Prompt },
    };

    private static readonly Problem Mbpp = new()
    {
        Id = "11",
        Messages = [Message.User("Write a function to add two numbers.")],
        Reference = new Reference
        {
            Kind = AnswerKind.Code,
            Tests = "import math\nassert add(1, 2) == 3\nassert math.isclose(add(0.5, 0.25), 0.75)\n",
            EntryPoint = "add",
        },
    };

    private static async Task<Verdict> Run(string response, Problem? problem = null) =>
        await new CodeExecutionVerifier(new ChildProcessCodeExecutor(), new CodeExecutionVerifierOptions { Timeout = TimeSpan.FromSeconds(5) })
            .VerifyAsync(problem ?? HumanEval, new Attempt(response, null, TokenUsage.Zero));

    [Theory]
    [InlineData("    return x + 1\n")]
    [InlineData("```python\ndef inc(x):\n    return x + 1\n```")]
    [InlineData("    import sys\n    print('chatty', file=sys.stderr)\n    print('chatty')\n    return x + 1\n")]
    public async Task Correct_solutions_pass(string response)
    {
        var verdict = await Run(response);

        Assert.True(verdict.IsCorrect, verdict.Explanation);
        Assert.Equal(CodeReasons.Passed, verdict.Reason);
    }

    [Fact]
    public async Task A_wrong_answer_fails_a_test()
    {
        var verdict = await Run("    return x + 2\n");

        Assert.Equal(CodeReasons.FailedTest, verdict.Reason);
        Assert.Contains("assert candidate(1) == 2", verdict.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    return x +\n", CodeReasons.SyntaxError)]
    [InlineData("    return undefined_name\n", CodeReasons.Error)]
    [InlineData("```python\ndef other(x):\n    return x\n```", CodeReasons.FailedTest)]
    public async Task Broken_code_gets_its_reason(string response, string reason) =>
        Assert.Equal(reason, (await Run(response)).Reason);

    [Fact]
    public async Task A_missing_entry_point_is_an_error()
    {
        var noPrompt = HumanEval with { Metadata = new Dictionary<string, string>() };

        var verdict = await Run("```python\ndef other(x):\n    return x\n```", noPrompt);

        Assert.Equal(CodeReasons.Error, verdict.Reason);
        Assert.Contains("defines no 'inc'", verdict.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    import sys\n    sys.exit(0)\n")]
    [InlineData("    raise SystemExit(0)\n")]
    [InlineData("    pass\nimport sys\nsys.exit(0)\n")]
    public async Task Sys_exit_before_the_end_never_passes(string response) =>
        Assert.Equal(CodeReasons.TestsIncomplete, (await Run(response)).Reason);

    [Theory]
    [InlineData("    import os\n    os._exit(0)\n")]
    [InlineData("    return x + 1\nimport os\nos._exit(0)\n")]
    public async Task Os_exit_zero_never_passes(string response) =>
        Assert.Equal(CodeReasons.TestsIncomplete, (await Run(response)).Reason);

    [Fact]
    public async Task Killing_the_harness_never_passes()
    {
        var verdict = await Run("    import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)\n");

        Assert.Equal(CodeReasons.Error, verdict.Reason);
        Assert.Contains("signal 9", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_pass_line_with_a_guessed_nonce_and_an_exit_never_passes()
    {
        var forge = "    import os\n    os.write(1, b'\\n" + PythonTestHarness.PassMarker + " " + new string('0', 32) + "\\n')\n    os._exit(0)\n";

        Assert.Equal(CodeReasons.TestsIncomplete, (await Run(forge)).Reason);
    }

    [Fact]
    public async Task Standard_input_is_consumed_before_the_solution_runs()
    {
        // The solution's process has no standard input at all (sys.stdin.read raises), so whatever it reads from
        // descriptor 0 and prints as a pass line is not the nonce.
        Assert.Equal(CodeReasons.Error, (await Run("    import sys\n    sys.stdin.read()\n    return x + 1\n")).Reason);
        var stolen = await Run("    import os\n    try:\n        data = os.read(0, 100)\n    except OSError:\n        data = b''\n    print('" + PythonTestHarness.PassMarker + " ' + data.decode().strip(), flush=True)\n    os._exit(0)\n");
        Assert.NotEqual(CodeReasons.Passed, stolen.Reason);
    }

    [Fact]
    public async Task A_solution_searching_its_memory_and_frames_for_the_nonce_finds_nothing_to_fake_a_pass_with()
    {
        // The solution runs in a process forked before the nonce was read: no frame, no object, no string of its own
        // interpreter holds it. It prints every 32-hex-digit string it can find as a pass line, then leaves.
        var verdict = await Run(
            "    import gc, os, re, sys\n" +
            "    found = set()\n" +
            "    for o in gc.get_objects():\n" +
            "        if isinstance(o, dict):\n" +
            "            found.update(v for v in o.values() if isinstance(v, str) and re.fullmatch('[0-9a-f]{32}', v))\n" +
            "    f = sys._getframe()\n" +
            "    while f is not None:\n" +
            "        found.update(v for v in f.f_locals.values() if isinstance(v, str) and re.fullmatch('[0-9a-f]{32}', v))\n" +
            "        f = f.f_back\n" +
            "    for n in found:\n" +
            "        os.write(1, ('\\n" + PythonTestHarness.PassMarker + " ' + n + '\\n').encode())\n" +
            "    os._exit(0)\n");

        Assert.NotEqual(CodeReasons.Passed, verdict.Reason);
    }

    [Fact]
    public async Task Closing_stdout_does_not_hide_a_genuine_pass()
    {
        var verdict = await Run("    import sys, os\n    try:\n        sys.stdout.close()\n        os.close(1)\n    except OSError:\n        pass\n    return x + 1\n");

        Assert.Equal(CodeReasons.Passed, verdict.Reason);
    }

    [Fact]
    public async Task Exit_handlers_of_the_solution_do_not_change_a_result()
    {
        var verdict = await Run("    import atexit, os\n    atexit.register(lambda: os._exit(3))\n    return x + 1\n");

        Assert.Equal(CodeReasons.Passed, verdict.Reason);
    }

    [Fact]
    public async Task Mbpp_asserts_run_without_check()
    {
        Assert.Equal(CodeReasons.Passed, (await Run("```python\ndef add(a, b):\n    return a + b\n```", Mbpp)).Reason);
        Assert.Equal(CodeReasons.FailedTest, (await Run("```python\ndef add(a, b):\n    return a - b\n```", Mbpp)).Reason);
    }

    [Fact]
    public async Task Main_blocks_of_the_solution_do_not_run()
    {
        var verdict = await Run("```python\ndef inc(x):\n    return x + 1\n\nif __name__ == '__main__':\n    raise SystemExit(0)\n```");

        Assert.Equal(CodeReasons.Passed, verdict.Reason);
    }
}
