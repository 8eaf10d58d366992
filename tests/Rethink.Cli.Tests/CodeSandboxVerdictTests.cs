using System.Text.Json;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Core;
using Rethink.Evaluation.Datasets;
using Rethink.Sandbox;
using Rethink.Verifiers.Code;

namespace Rethink.Cli.Tests;

/// <summary>
/// Each hostile sample of samples/code/responses/hostile.jsonl, run by the execution verifier in the real sandbox,
/// gets the verdict samples/code/README.md documents. A "contained" program raises when its attempt fails, so a pass
/// would mean an escape or a cheat that worked.
/// </summary>
public sealed class CodeSandboxVerdictTests
{
    // Several reasons where the sandbox's classification depends on timing or on what killed the process; none of
    // them is a pass.
    public static readonly IReadOnlyDictionary<string, string[]> Expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["infinite_loop"] = [CodeReasons.Timeout],
        ["sleep"] = [CodeReasons.Timeout],
        ["stdin_read"] = [CodeReasons.Error],
        ["sys_exit"] = [CodeReasons.TestsIncomplete],
        ["os_exit"] = [CodeReasons.TestsIncomplete],

        // The sandbox reads a SIGKILL it did not send on the wall clock as the kernel's memory kill.
        ["kill_harness"] = [CodeReasons.Error, CodeReasons.ResourceExceeded],
        ["fake_marker"] = [CodeReasons.TestsIncomplete],
        ["read_environ"] = [CodeReasons.Error],
        ["read_run_store"] = [CodeReasons.Error],
        ["network"] = [CodeReasons.Error],

        // fork() fails at the process cap (EAGAIN) and the sandbox names the limit; on a heavily loaded machine the
        // sixty-odd forks before the cap can outlast the wall clock instead.
        ["fork_bomb"] = [CodeReasons.ResourceExceeded, CodeReasons.Timeout],
        ["write_outside"] = [CodeReasons.Error],

        // 1 GiB through a capped pipe: the end of the run is lost (resource_exceeded), or on a loaded machine the
        // draining outlasts the limit (timeout).
        ["huge_output"] = [CodeReasons.ResourceExceeded, CodeReasons.Timeout],
        ["allocate_8gib"] = [CodeReasons.ResourceExceeded],

        // Looks for the nonce in the caller's frame: the solution runs in a child process that never had the nonce
        // (the tests run in the parent against proxies), so the lookup fails.
        ["steal_nonce"] = [CodeReasons.Error],
    };

    [Fact]
    public async Task Every_hostile_sample_gets_its_documented_verdict()
    {
        var problems = new DatasetReader(new HumanEvalFormat()).Load(Path.Combine(RepoPaths.Root, "samples/code/problems.jsonl")).Items.ToDictionary(p => p.Id);
        var samples = File.ReadAllLines(Path.Combine(RepoPaths.Root, "samples/code/responses/hostile.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Name: e.GetProperty("hostile").GetString()!, Task: e.GetProperty("task_id").GetString()!, Code: e.GetProperty("completion").GetString()!))
            .ToList();
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), samples.Select(s => s.Name).Order(StringComparer.Ordinal));

        var executor = CodeExecutors.Create(new SandboxOptions());
        var verifier = new CodeExecutionVerifier(executor, new CodeExecutionVerifierOptions { Timeout = TimeSpan.FromSeconds(6) });
        var verdicts = await Task.WhenAll(samples.Select(async s =>
            (s.Name, Verdict: await verifier.VerifyAsync(problems[s.Task], new Attempt(s.Code, null, TokenUsage.Zero)))));

        var wrong = verdicts
            .Where(v => !Expected[v.Name].Contains(v.Verdict.Reason))
            .Select(v => $"{v.Name}: expected {string.Join(" or ", Expected[v.Name])}, got {v.Verdict.Reason}: {v.Verdict.Explanation}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n\n", wrong));
    }
}
