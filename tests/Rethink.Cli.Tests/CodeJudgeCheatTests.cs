using System.Text.Json;
using Rethink.Cli.Tests.Infrastructure;
using Rethink.Core;
using Rethink.Evaluation.Datasets;
using Rethink.Sandbox;
using Rethink.Verifiers.Code;

namespace Rethink.Cli.Tests;

/// <summary>
/// The cheats of samples/code/responses/cheats.jsonl and lookup-table.jsonl (written by samples/tools/code_cheats.py),
/// scored by the execution verifier in the real sandbox. Each is a wrong solution that tries to be scored as passing
/// (planted modules, tampering, reading the tests, forging the channel, exits, signals), so every one must fail. The
/// canonical solutions of the same problems, scored by the same executor in the same run, must pass: a judge that
/// failed everything would otherwise pass this test.
/// </summary>
public sealed class CodeJudgeCheatTests
{
    [Fact]
    public async Task No_cheat_passes_and_every_canonical_solution_does()
    {
        var probes = Load("samples/code/probes.jsonl");
        var problems = Load("samples/code/problems.jsonl");
        var cheats = Samples("samples/code/responses/cheats.jsonl", probes)
            .Concat(Samples("samples/code/responses/lookup-table.jsonl", problems))
            .ToList();
        var canonical = probes.Values.Concat(problems.Values)
            .Select(p => (Name: "canonical " + p.Id, Problem: p, Code: p.Reference.Solution!))
            .ToList();
        Assert.True(cheats.Count >= 30 + problems.Count, $"{cheats.Count} cheats");

        var executor = CodeExecutors.Create(new SandboxOptions { MaxConcurrency = 8 });
        var verifier = new CodeExecutionVerifier(executor, new CodeExecutionVerifierOptions { Timeout = TimeSpan.FromSeconds(5) });
        var verdicts = await Task.WhenAll(cheats.Concat(canonical).Select(async s =>
            (s.Name, s.Problem.Id, Verdict: await verifier.VerifyAsync(s.Problem, new Attempt(s.Code, null, TokenUsage.Zero)))));

        var passedCheats = verdicts.Take(cheats.Count).Where(v => v.Verdict.IsCorrect).Select(v => $"{v.Name} on {v.Id}: {v.Verdict.Explanation}").ToList();
        var failedCanonical = verdicts.Skip(cheats.Count).Where(v => !v.Verdict.IsCorrect).Select(v => $"{v.Name}: {v.Verdict.Reason}: {v.Verdict.Explanation}").ToList();
        Assert.True(passedCheats.Count == 0, "cheats that passed:\n" + string.Join("\n\n", passedCheats));
        Assert.True(failedCanonical.Count == 0, "canonical solutions that failed:\n" + string.Join("\n\n", failedCanonical));
        Assert.All(verdicts.Take(cheats.Count), v => Assert.Equal(VerdictLabel.Incorrect, v.Verdict.Label));
    }

    private static Dictionary<string, Problem> Load(string relative) =>
        new DatasetReader(new HumanEvalFormat()).Load(Path.Combine(RepoPaths.Root, relative)).Items.ToDictionary(p => p.Id);

    private static IEnumerable<(string Name, Problem Problem, string Code)> Samples(string relative, Dictionary<string, Problem> problems) =>
        File.ReadAllLines(Path.Combine(RepoPaths.Root, relative))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (e.GetProperty("cheat").GetString()!, problems[e.GetProperty("task_id").GetString()!], e.GetProperty("completion").GetString()!));
}
