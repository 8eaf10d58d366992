using Rethink.Core;
using Rethink.Sandbox;
using Rethink.Verifiers.Code;

namespace Rethink.Verifiers.Tests.Code;

/// <summary>
/// The judged run for real: the solution host and the judge in two child processes of /usr/bin/python3 under the
/// unsandboxed executor (trusted programs only: the hostile suite runs in the sandbox, in <see cref="HostileSolutionTests"/>).
/// Each case is one short pair of processes.
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
        await new CodeExecutionVerifier(JudgedExecutors.Local, new CodeExecutionVerifierOptions { Timeout = TimeSpan.FromSeconds(5) })
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
    public async Task Killing_the_solutions_own_process_never_passes()
    {
        // A SIGKILL the executor did not send reads as the kernel's memory kill: a failure either way.
        var verdict = await Run("    import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)\n");

        Assert.Contains(verdict.Reason, new[] { CodeReasons.Error, CodeReasons.ResourceExceeded });
    }

    [Fact]
    public async Task Standard_input_reads_nothing_in_the_solution()
    {
        Assert.Equal(CodeReasons.Error, (await Run("    import sys\n    sys.stdin.read(1) or (_ for _ in ()).throw(EOFError())\n    return x + 1\n")).Reason);
        Assert.Equal(CodeReasons.Error, (await Run("    input()\n    return x + 1\n")).Reason);
    }

    [Fact]
    public async Task Replies_written_on_the_channel_by_the_solution_are_only_values()
    {
        // A wrong solution that answers every call itself, on the channel's descriptor, with the value True: the tests
        // compare True with 2 and fail.
        var verdict = await Run(
            "    import os, json\n" +
            "    for fd in range(3, 20):\n" +
            "        try:\n" +
            "            os.write(fd, (json.dumps({'kind': 'value', 'value': {'literal': 'True'}}) + '\\n').encode() * 10)\n" +
            "        except OSError:\n" +
            "            pass\n" +
            "    return True\n");

        Assert.Equal(CodeReasons.FailedTest, verdict.Reason);
    }

    [Fact]
    public async Task A_line_that_is_not_a_reply_is_a_protocol_error()
    {
        var verdict = await Run("    import os\n    for fd in range(3, 20):\n        try:\n            os.write(fd, b'not json\\n')\n        except OSError:\n            pass\n    return x + 1\n");

        Assert.NotEqual(CodeReasons.Passed, verdict.Reason);
    }

    [Fact]
    public async Task Exceptions_of_the_solution_reach_tests_that_expect_them()
    {
        var problem = HumanEval with
        {
            Reference = HumanEval.Reference with
            {
                Tests = "def check(candidate):\n    try:\n        candidate(-1)\n    except ValueError:\n        pass\n    else:\n        assert False\n    assert candidate(1) == 2\n",
            },
        };

        Assert.Equal(CodeReasons.Passed, (await Run("    if x < 0:\n        raise ValueError('negative')\n    return x + 1\n", problem)).Reason);
        Assert.Equal(CodeReasons.FailedTest, (await Run("    return x + 1\n", problem)).Reason);
    }

    [Fact]
    public async Task Prints_and_prompt_helpers_keep_working()
    {
        // The prompt's helper runs in the judge (the dataset's own code); the solution calls its own copy.
        var problem = HumanEval with
        {
            Reference = HumanEval.Reference with { Tests = "def check(candidate):\n    assert candidate(double(2)) == 5\n" },
            Metadata = new Dictionary<string, string> { ["code_prompt"] = "def double(x):\n    return 2 * x\n\n\ndef inc(x):\n    \"\"\"Return x + 1.\"\"\"\n" },
        };

        Assert.Equal(CodeReasons.Passed, (await Run("    print('working on', x)\n    return x + 1\n", problem)).Reason);
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
