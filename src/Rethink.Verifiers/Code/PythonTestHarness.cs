using System.Globalization;
using System.Text.Json;
using Rethink.Core.Execution;

namespace Rethink.Verifiers.Code;

/// <summary>
/// Builds the judged run (<see cref="JudgedRunRequest"/>) that scores a Python solution against its tests: the
/// solution runs under <see cref="PythonSolutionHost"/> in one process, the tests under <see cref="PythonJudgeProgram"/>
/// in another, and the judge's exit status is the verdict. Pure and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// What this design rules out, with the sandbox: the solution's process never holds the tests or the prompt's code (it
/// gets only <c>solution.py</c>), so it cannot read them, search its memory for them or build a lookup table from
/// them; the judge imports nothing from any directory the solution can write, so a planted module never runs in it;
/// the judge takes only JSON lines of literal data from the solution (a reply is a value, an exception name or "I
/// ended"), so tampering with <c>sys.modules</c>, builtins, exit handlers, signals or the exit status inside the
/// solution's process changes at most the values it returns. A pass needs the judge to run every test to its end.
/// </para>
/// <para>
/// Limits: tests that pass the candidate non-literal values (functions, objects mutated in place) fail rather than
/// pass; a test that relies on a module-level name the solution defines but that is not a function (a constant) finds
/// no such name; a prompt helper the solution redefines is not used (the judge calls the prompt's own). Without the
/// sandbox (<c>unsafe-local-exec</c>) the two processes share a user, so none of the above holds.
/// </para>
/// </remarks>
public static class PythonTestHarness
{
    /// <summary>Exit status of the judge when every test returned.</summary>
    public const int PassedExit = 0;

    /// <summary>Exit status when the solution does not compile.</summary>
    public const int SyntaxErrorExit = 91;

    /// <summary>Exit status when the tests (or the prompt's code) do not compile or run (a dataset fault).</summary>
    public const int BadTestsExit = 92;

    /// <summary>Exit status when the solution's process ended, or raised <c>SystemExit</c>, before the tests finished.</summary>
    public const int ExitDuringTestsExit = 93;

    /// <summary>Exit status when an assertion failed.</summary>
    public const int FailedTestExit = 94;

    /// <summary>Exit status when another exception escaped (or the entry point is missing).</summary>
    public const int ErrorExit = 95;

    /// <summary>Exit status when <c>MemoryError</c> escaped (the memory limit, seen from inside).</summary>
    public const int MemoryExit = 96;

    /// <summary>Exit status when the solution's process sent a line that is not a reply of the protocol.</summary>
    public const int ProtocolExit = 98;

    /// <summary>
    /// The judged run of <paramref name="solution"/> against <paramref name="tests"/>. <paramref name="entryPoint"/> is
    /// the function under test (null: the tests name what they call); <paramref name="callCheck"/> makes the judge call
    /// <c>check(entry_point)</c> after the tests (HumanEval style: the tests define <c>check</c>), otherwise the tests
    /// run as they are (MBPP style: asserts). <paramref name="prompt"/> is the dataset's code prompt (HumanEval's
    /// <c>prompt</c>): the judge runs it itself, so the helpers it defines are the dataset's, not the solution's.
    /// </summary>
    public static JudgedRunRequest Build(string solution, string tests, string? entryPoint, bool callCheck, string? prompt, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(tests);
        if (callCheck && entryPoint is null)
        {
            throw new ArgumentException("calling check(entry_point) needs an entry point", nameof(callCheck));
        }

        var judgeFiles = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["judge.json"] = JsonSerializer.Serialize(new Dictionary<string, object?> { ["entry"] = entryPoint, ["check"] = callCheck }),
            ["tests.py"] = tests,
        };
        if (!string.IsNullOrWhiteSpace(prompt))
        {
            judgeFiles["prompt.py"] = prompt;
        }

        var exits = string.Create(
            CultureInfo.InvariantCulture,
            $"{PassedExit}, {SyntaxErrorExit}, {BadTestsExit}, {ExitDuringTestsExit}, {FailedTestExit}, {ErrorExit}, {MemoryExit}, {ProtocolExit}");
        return new JudgedRunRequest(
            CodeLanguages.Python,
            new JudgedProgram(PythonSolutionHost.Source) { Files = new Dictionary<string, string>(StringComparer.Ordinal) { ["solution.py"] = solution } },
            new JudgedProgram(PythonJudgeProgram.Source.Replace("@EXITS@", exits, StringComparison.Ordinal)) { Files = judgeFiles })
        {
            Timeout = timeout,
        };
    }
}
